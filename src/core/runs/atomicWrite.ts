import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/**
 * Writes a file so that readers see the old or the new content, never a torn one. `durable`
 * also fsyncs the content before the rename (state changes); progress markers can skip it.
 */
export function writeFileAtomic(path: string, content: string, durable = true): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, content);
    if (durable) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
