/**
 * Follows one output stream (stdout or stderr) of a sandbox and hands on whole lines.
 *
 * The SDK already resumes SandboxGetLogs from the last entry id when the server ends a stream
 * early, and retries a few quick failures. When a stream fails for good (an outage, a dropped
 * connection) we open a fresh one, which Modal replays from the start of the sandbox's output,
 * and skip the lines we already delivered: the count of delivered complete lines is the cursor,
 * so nothing repeats and nothing is missed. A partial line is never delivered until its newline
 * (or the end) arrives. We never give up while the run may still be going: reopening backs off
 * up to MAX_BACKOFF_MS and goes on until the stream ends or stop() is called (the run handle
 * stops its followers once the sandbox's own result is known).
 */
import { LineSplitter } from '../../events/lineSplitter';

/** Longest pause between two reopen attempts during an outage. */
export const MAX_BACKOFF_MS = 5_000;

export interface LogFollowerOptions {
  /** Opens the stream from the start of the sandbox's output. */
  open(): Promise<ReadableStream<string>>;
  onLine(line: string, index: number): void;
  /** Lines already delivered in an earlier session. */
  skip: number;
  /** The stream failed and will be reopened (`failing`), or data flows again after that. */
  onHealth?(failing: boolean, detail: string): void;
  /** First pause before a reopen; doubles per failure in a row, up to MAX_BACKOFF_MS. Default 250. */
  backoffMs?: number;
  label: string;
}

export class LogFollower {
  private delivered: number;
  private reader: ReadableStreamDefaultReader<string> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  readonly done: Promise<void>;

  constructor(private readonly opts: LogFollowerOptions) {
    this.delivered = opts.skip;
    this.done = this.run();
  }

  get lines(): number {
    return this.delivered;
  }

  /** Stops reading (the partial tail, if any, is dropped). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.reader?.cancel().catch(() => undefined);
  }

  private emit(lines: string[], seen: { n: number }): void {
    for (const line of lines) {
      if (this.stopped) return;
      const index = seen.n++;
      if (index < this.delivered) continue; // replayed after a reopen / re-attach
      this.delivered = index + 1;
      this.opts.onLine(line, index);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      const seen = { n: 0 };
      const splitter = new LineSplitter();
      try {
        const stream = await this.opts.open();
        this.reader = stream.getReader();
        for (;;) {
          const { value, done } = await this.reader.read();
          if (done || this.stopped) break;
          if (failures > 0) {
            failures = 0;
            this.opts.onHealth?.(false, `the ${this.opts.label} stream is back`);
          }
          if (value) this.emit(splitter.push(value), seen);
        }
        if (!this.stopped) this.emit(splitter.flush(), seen);
        if (failures > 0) this.opts.onHealth?.(false, `the ${this.opts.label} stream ended`);
        return;
      } catch (err) {
        if (this.stopped) return;
        failures += 1;
        this.opts.onHealth?.(true, `the ${this.opts.label} stream failed (${err instanceof Error ? err.message : String(err)})`);
        await this.pause(Math.min((this.opts.backoffMs ?? 250) * 2 ** (failures - 1), MAX_BACKOFF_MS));
      } finally {
        this.reader?.releaseLock();
        this.reader = undefined;
      }
    }
  }
}
