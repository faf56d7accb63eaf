import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from '../../events/lineSplitter';

/**
 * Follows a growing text file line by line (like `tail -f`), starting after `skipLines`
 * complete lines. Polling keeps it portable (fs.watch is unreliable on network and WSL mounts).
 */
export class FileFollower {
  private offset = 0;
  private lineIndex = 0;
  private readonly splitter = new LineSplitter();
  // Reads may end inside a multi-byte character; the decoder keeps it for the next read.
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly path: string, private readonly onLine: (line: string, index: number) => void, private skipLines = 0) {}

  /** Reads whatever was appended since the last call; returns whether anything was read. */
  poll(): boolean {
    let size: number;
    try {
      size = statSync(this.path).size;
    } catch {
      return false;
    }
    if (size <= this.offset) return false;
    const fd = openSync(this.path, 'r');
    try {
      const buf = Buffer.alloc(Math.min(size - this.offset, 4 * 1024 * 1024));
      const n = readSync(fd, buf, 0, buf.length, this.offset);
      this.offset += n;
      for (const line of this.splitter.push(this.decoder.write(buf.subarray(0, n)))) this.emit(line);
    } finally {
      closeSync(fd);
    }
    return true;
  }

  /** Emits a last line that had no newline (the process has ended). */
  flush(): void {
    this.poll();
    for (const line of this.splitter.push(this.decoder.end())) this.emit(line);
    for (const line of this.splitter.flush()) this.emit(line);
  }

  get linesSeen(): number {
    return this.lineIndex;
  }

  private emit(line: string): void {
    const index = this.lineIndex++;
    if (index < this.skipLines) return;
    this.onLine(line, index);
  }
}
