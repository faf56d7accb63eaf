import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LineSplitter } from '../events/lineSplitter';
import { parseEventJson } from '../events/parseLine';
import type { RunEvent } from '../events/protocol';
import { applyEvent } from '../events/reducer';
import { createRunSummary } from '../events/runSummary';
import type { RunSummary } from '../events/runSummary';

/**
 * A run's summary kept up to date by reading only what was appended to its events.jsonl
 * since the last look, so views of a long run stay cheap to refresh.
 */
export class IncrementalSummary {
  readonly summary: RunSummary = createRunSummary();
  private offset = 0;
  private readonly splitter = new LineSplitter();
  private readonly decoder = new StringDecoder('utf8');

  constructor(private readonly path: string) {}

  /** Applies new events; returns the ones applied (for live views that append points). */
  refresh(): RunEvent[] {
    let size: number;
    try {
      size = statSync(this.path).size;
    } catch {
      return [];
    }
    if (size <= this.offset) return [];
    const applied: RunEvent[] = [];
    const fd = openSync(this.path, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      while (this.offset < size) {
        const n = readSync(fd, buf, 0, Math.min(buf.length, size - this.offset), this.offset);
        if (n <= 0) break;
        this.offset += n;
        for (const line of this.splitter.push(this.decoder.write(buf.subarray(0, n)))) {
          const parsed = parseEventJson(line);
          if (parsed.kind === 'event' && applyEvent(this.summary, parsed.event)) applied.push(parsed.event);
        }
      }
    } finally {
      closeSync(fd);
    }
    return applied;
  }
}

/** One IncrementalSummary per run. */
export class SummaryCache {
  private readonly byRun = new Map<string, IncrementalSummary>();

  constructor(private readonly eventsPath: (runId: string) => string) {}

  get(runId: string): RunSummary {
    return this.tracker(runId).summary;
  }

  tracker(runId: string): IncrementalSummary {
    let t = this.byRun.get(runId);
    if (!t) {
      t = new IncrementalSummary(this.eventsPath(runId));
      this.byRun.set(runId, t);
    }
    t.refresh();
    return t;
  }

  forget(runId: string): void {
    this.byRun.delete(runId);
  }
}
