import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { parseEventJson } from '../events/parseLine';
import type { RunEvent } from '../events/protocol';

/**
 * Event types after which the log is fsynced: phase boundaries and the end. Every event is
 * written (to the OS) as it arrives, so a crash of this process loses nothing; an fsync per
 * evaluation would cap ingest at a few thousand events a second on ordinary disks, and the
 * template's own copy on the volume backs up a machine crash.
 */
const DURABLE = new Set(['phase', 'completed', 'error']);

/**
 * The run's events.jsonl: append-only, one event per line, deduplicated by sequence number
 * (a re-attached stream or the volume's copy may replay events we already have).
 */
export class EventLog {
  private fd: number | undefined;
  private lastSeq: number;
  private pending: string[] = [];

  constructor(private readonly path: string) {
    this.lastSeq = readEventLog(path).reduce((max, e) => Math.max(max, e.seq), 0);
  }

  get highestSeq(): number {
    return this.lastSeq;
  }

  /**
   * Appends the event unless it is a duplicate; returns whether it was accepted. Events of one
   * synchronous burst (the lines of one stdout chunk) go out in one write at the end of the
   * burst; phase boundaries and the end are written and fsynced at once.
   */
  append(event: RunEvent, raw?: string): boolean {
    if (event.seq <= this.lastSeq) return false;
    this.pending.push(`${raw ?? JSON.stringify(event)}\n`);
    this.lastSeq = event.seq;
    if (DURABLE.has(event.type)) {
      this.flush();
      fsyncSync(this.fd!);
    } else if (this.pending.length === 1) {
      queueMicrotask(() => this.flush());
    }
    return true;
  }

  /** Writes what is pending to the file (the OS has it from then on). */
  flush(): void {
    if (this.pending.length === 0) return;
    this.fd ??= openForAppend(this.path);
    const text = this.pending.join('');
    this.pending = [];
    writeSync(this.fd, text);
  }

  close(): void {
    this.flush();
    if (this.fd === undefined) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * Opens the log for appending. A crash mid-write leaves a last line without its newline; the
 * next event must start on a line of its own, or it would be glued to the torn one and lost.
 */
function openForAppend(path: string): number {
  const fd = openSync(path, 'a+');
  const size = fstatSync(fd).size;
  if (size > 0) {
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] !== 0x0a) writeSync(fd, '\n');
  }
  return fd;
}

/** Reads an event log, tolerating a truncated last line (a crash mid-write) and foreign lines. */
export function readEventLog(path: string): RunEvent[] {
  if (!existsSync(path)) return [];
  const events: RunEvent[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const parsed = parseEventJson(line);
    if (parsed.kind === 'event') events.push(parsed.event);
  }
  return events;
}
