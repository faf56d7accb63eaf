/** 0-based positions, as in LSP and VS Code. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** A text edit that repairs a diagnostic; offered as a Quick Fix. */
export interface Fix {
  title: string;
  range: Range;
  newText: string;
}

export interface Diagnostic {
  severity: Severity;
  code: string;
  message: string;
  range: Range;
  fixes?: Fix[];
}
