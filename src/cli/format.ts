import type { ConnectionState } from '../core/backends/jobBackend';
import type { Diagnostic } from '../core/config/diagnostic';

/** Compiler-style `file:line:col: severity code: message` (1-based, as editors and terminals link it). */
export function formatDiagnostic(file: string, d: Diagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Contact with a following run lost (retried with backoff) or back: the run itself goes on either way. */
export function connectionLine(state: ConnectionState, detail: string): string {
  return state === 'reconnecting' ? `  reconnecting to Modal… (${detail}; the run goes on, retrying)` : `  reconnected to Modal (${detail})`;
}
