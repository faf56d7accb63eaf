/**
 * Follows one output stream (stdout or stderr) of a sandbox and hands on whole lines.
 *
 * The SDK already resumes SandboxGetLogs from the last entry id when the server ends a stream
 * early. If the stream fails for good (or we re-attach after a restart), we open a fresh one,
 * which Modal replays from the start of the sandbox's output, and skip the lines we already
 * delivered: the count of delivered complete lines is the cursor, so nothing repeats and
 * nothing is missed. A partial line is never delivered until its newline (or the end) arrives.
 */
import { LineSplitter } from '../../events/lineSplitter';

export interface LogFollowerOptions {
  /** Opens the stream from the start of the sandbox's output. */
  open(): Promise<ReadableStream<string>>;
  onLine(line: string, index: number): void;
  /** Lines already delivered in an earlier session. */
  skip: number;
  onWarning?(message: string): void;
  /** Reopen attempts after a failure before giving up. */
  maxReopens?: number;
  label: string;
}

export class LogFollower {
  private delivered: number;
  private reader: ReadableStreamDefaultReader<string> | undefined;
  private stopped = false;
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

  private async run(): Promise<void> {
    const maxReopens = this.opts.maxReopens ?? 5;
    for (let attempt = 0; !this.stopped; attempt++) {
      const seen = { n: 0 };
      const splitter = new LineSplitter();
      try {
        const stream = await this.opts.open();
        this.reader = stream.getReader();
        for (;;) {
          const { value, done } = await this.reader.read();
          if (done || this.stopped) break;
          if (value) this.emit(splitter.push(value), seen);
        }
        if (!this.stopped) this.emit(splitter.flush(), seen);
        return;
      } catch (err) {
        if (this.stopped) return;
        if (attempt >= maxReopens) {
          this.opts.onWarning?.(`Gave up following ${this.opts.label} after ${attempt + 1} tries: ${(err as Error).message}`);
          return;
        }
        this.opts.onWarning?.(`The ${this.opts.label} stream failed (${(err as Error).message}); reopening.`);
        await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** attempt, 5000)));
      } finally {
        this.reader?.releaseLock();
        this.reader = undefined;
      }
    }
  }
}
