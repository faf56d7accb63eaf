/** An append-only list of log entries with Redis-like ids ("<seq>-0"), awaitable for news. */
export interface LogEntry {
  seq: number;
  data: string;
}

export class LogStore {
  readonly entries: LogEntry[] = [];
  closed = false;
  private waiters = new Set<() => void>();

  append(data: string, maxChars?: number): void {
    if (data === '') return;
    const step = maxChars && maxChars > 0 ? maxChars : data.length;
    for (let i = 0; i < data.length; i += step) {
      this.entries.push({ seq: this.entries.length + 1, data: data.slice(i, i + step) });
    }
    this.wake();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  /** Entries after the given id ("0-0" or "" = from the start). */
  after(entryId: string, limit = 16): LogEntry[] {
    const seq = parseEntryId(entryId);
    return this.entries.slice(seq, seq + limit);
  }

  /** Resolves on the next append/close, or after `ms`. */
  waitChange(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.waiters.add(done);
    });
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

export function parseEntryId(entryId: string): number {
  const n = Number.parseInt((entryId || '0').split('-')[0] ?? '0', 10);
  return Number.isFinite(n) && n > 0 ? n : 0;
}

export function entryId(seq: number): string {
  return `${seq}-0`;
}
