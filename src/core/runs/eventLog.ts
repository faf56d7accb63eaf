import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { parseEventJson } from '../events/parseLine';
import type { RunEvent } from '../events/protocol';
import { osErrorText, StoreWriteError, type StoreWriteErrorHandler } from './storeWriteError';

/**
 * Event types after which the log is fsynced: phase boundaries and the end. Every event is
 * written (to the OS) as it arrives, so a crash of this process loses nothing; an fsync per
 * evaluation would cap ingest at a few thousand events a second on ordinary disks, and the
 * template's own copy on the volume backs up a machine crash.
 */
const DURABLE = new Set(['phase', 'completed', 'error']);

/** `fs.writeSync(fd, buffer, offset, length)`: the bytes written. Tests inject failures here. */
export type WriteFn = (fd: number, buffer: Uint8Array, offset: number, length: number) => number;

export interface EventLogOptions {
  /**
   * Told when a write fails (once, until a write succeeds again). The events stay in memory and
   * their unwritten bytes are written first on the next append; without a handler the error goes
   * to stderr, never nowhere.
   */
  onWriteError?: StoreWriteErrorHandler;
  write?: WriteFn;
}

/**
 * The run's events.jsonl: append-only, one event per line, deduplicated by sequence number
 * (a re-attached stream or the volume's copy may replay events we already have).
 */
export class EventLog {
  private fd: number | undefined;
  private lastSeq: number;
  /** Accepted events not yet (wholly) written: after a failure, the unwritten tail, byte-exact. */
  private pending: Buffer[] = [];
  private scheduled = false;
  /** A failure was reported and no write has succeeded since: report the next one only after a success. */
  private reported = false;
  private lastError: unknown;
  private readonly write: WriteFn;

  constructor(private readonly path: string, private readonly options: EventLogOptions = {}) {
    this.lastSeq = readEventLog(path).reduce((max, e) => Math.max(max, e.seq), 0);
    this.write = options.write ?? ((fd, buffer, offset, length) => writeSync(fd, buffer, offset, length));
  }

  get highestSeq(): number {
    return this.lastSeq;
  }

  /** Whether every accepted event is with the OS (false while writes fail). */
  get written(): boolean {
    return this.pending.length === 0;
  }

  /**
   * Appends the event unless it is a duplicate; returns whether it was accepted. Events of one
   * synchronous burst (the lines of one stdout chunk) go out in one write at the end of the
   * burst; phase boundaries and the end are written and fsynced at once. A failed write never
   * throws here: it is reported and retried.
   */
  append(event: RunEvent, raw?: string): boolean {
    if (event.seq <= this.lastSeq) return false;
    this.pending.push(Buffer.from(`${raw ?? JSON.stringify(event)}\n`));
    this.lastSeq = event.seq;
    if (DURABLE.has(event.type)) {
      if (this.flush()) this.sync();
    } else if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.flush();
      });
    }
    return true;
  }

  /** Writes what is pending to the file (the OS has it from then on); false when that failed. */
  flush(): boolean {
    if (this.pending.length === 0) return true;
    const text = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending);
    let done = 0;
    try {
      this.fd ??= openForAppend(this.path);
      while (done < text.length) done += this.write(this.fd, text, done, text.length - done);
    } catch (err) {
      this.pending = [text.subarray(done)];
      this.lastError = err;
      this.fail(err, 'write');
      return false;
    }
    this.pending = [];
    this.reported = false;
    return true;
  }

  /** Writes what is left and closes; events that still cannot be written are reported as lost. */
  close(): void {
    if (!this.flush()) {
      const lost = countLines(this.pending[0]!);
      this.pending = [];
      this.reported = false; // a loss is always told, even after the first failure was
      this.fail(this.lastError, 'write', lost);
    }
    if (this.fd === undefined) return;
    this.sync();
    closeSync(this.fd);
    this.fd = undefined;
  }

  private sync(): void {
    try {
      if (this.fd !== undefined) fsyncSync(this.fd);
    } catch (err) {
      this.fail(err, 'sync');
    }
  }

  /** Reports a failure (once until a write succeeds); `lost`: events dropped at close. */
  private fail(err: unknown, what: 'write' | 'sync', lost = 0): void {
    if (this.reported) return;
    this.reported = true;
    const { code, text } = osErrorText(err);
    const held = this.pending.length ? countLines(this.pending[0]!) : 0;
    const fate = lost ? ` ${lost} event(s) could not be written before the log was closed and are missing from it.`
      : held ? ` ${held} event(s) not yet written are kept in memory and written with the next event.` : '';
    const error = new StoreWriteError(this.path, code, `Could not ${what === 'write' ? 'write the run\'s events to' : 'flush the run\'s events to disk in'} ${this.path}: ${text}.${fate}`, { cause: err });
    if (this.options.onWriteError) this.options.onWriteError(error);
    else console.error(error.message);
  }
}

function countLines(b: Buffer): number {
  let n = 0;
  for (const byte of b) if (byte === 0x0a) n += 1;
  return n;
}

/**
 * Opens the log for appending. A crash mid-write leaves a last line without its newline; the
 * next event must start on a line of its own, or it would be glued to the torn one and lost.
 */
function openForAppend(path: string): number {
  const fd = openSync(path, 'a+');
  try {
    const size = fstatSync(fd).size;
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) writeSync(fd, '\n');
    }
  } catch (err) {
    closeSync(fd);
    throw err;
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
