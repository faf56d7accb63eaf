/**
 * Splits a byte-stream's text into lines. Chunks from a process or a log stream are not
 * line-aligned: keep the partial tail until its newline arrives (or until `flush`).
 */
export class LineSplitter {
  private tail = '';

  /** Feeds a chunk; returns the lines it completed, without their `\n` or `\r\n`. */
  push(chunk: string): string[] {
    const text = this.tail + chunk;
    const parts = text.split('\n');
    this.tail = parts.pop() ?? '';
    // A chunk may end between `\r` and `\n`: the `\r` then stays in the tail until `\n` comes.
    return parts.map(stripCr);
  }

  /** Ends the stream: returns the unterminated last line, if any. */
  flush(): string[] {
    const rest = this.tail;
    this.tail = '';
    return rest === '' ? [] : [stripCr(rest)];
  }

  /** Characters held back waiting for a newline. */
  get pending(): number {
    return this.tail.length;
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Convenience for whole texts: every line, the last one even without a trailing newline. */
export function splitLines(text: string): string[] {
  const splitter = new LineSplitter();
  return [...splitter.push(text), ...splitter.flush()];
}
