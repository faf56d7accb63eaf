import { closeSync, openSync, readSync, statSync } from 'node:fs';

/** The last `maxLines` lines of a text file, reading at most `maxBytes` from its end. */
export function readLogTail(path: string, maxLines = 200, maxBytes = 64 * 1024): string[] {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return [];
  }
  const start = Math.max(0, size - maxBytes);
  const buf = Buffer.alloc(size - start);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buf, 0, buf.length, start);
  } finally {
    closeSync(fd);
  }
  const lines = buf.toString('utf8').split('\n');
  if (start > 0) lines.shift(); // a partial first line
  if (lines.at(-1) === '') lines.pop();
  return lines.slice(-maxLines);
}
