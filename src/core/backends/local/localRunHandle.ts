import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { ExitInfo, ResumeCursor, RunCallbacks, RunHandle } from '../jobBackend';
import { FileFollower } from './fileFollower';
import type { LocalLayout } from './localLayout';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** How long to wait, after the exit code is recorded, for the recorder process to be gone. */
const EXIT_GRACE_MS = 2000;

/** Follows a local run through its output files until its exit code appears (or it vanishes). */
export class LocalRunHandle implements RunHandle {
  readonly ref: string;
  private readonly stdout: FileFollower;
  private readonly stderr: FileFollower;
  private timer: NodeJS.Timeout | undefined;
  private cancelled = false;
  private timedOut = false;
  private exitSeenAt: number | undefined;
  private readonly ended: Promise<ExitInfo>;
  private resolveEnd!: (exit: ExitInfo) => void;

  constructor(private readonly layout: LocalLayout, private readonly pid: number, private readonly timeoutMinutes: number, cb: RunCallbacks, cursor: ResumeCursor, pollMs = 100, private readonly child?: ChildProcess) {
    this.ref = `local:${layout.workDir.split(/[\\/]/).slice(-2, -1)[0]}`;
    this.stdout = new FileFollower(layout.stdout, (l, i) => cb.onStdoutLine(l, i), cursor.stdoutLines);
    this.stderr = new FileFollower(layout.stderr, (l, i) => cb.onStderrLine?.(l, i), cursor.stderrLines);
    this.ended = new Promise((resolve) => (this.resolveEnd = resolve));
    this.timer = setInterval(() => this.tick(), pollMs);
    this.tick();
  }

  private tick(): void {
    this.stdout.poll();
    this.stderr.poll();
    const startedAt = existsSync(this.layout.startedAt) ? Date.parse(readFileSync(this.layout.startedAt, 'utf8')) : Date.now();
    if (!this.cancelled && !this.timedOut && Date.now() - startedAt > this.timeoutMinutes * 60_000) {
      this.timedOut = true;
      this.kill();
    }
    const code = this.exitCode();
    const running = this.child ? this.child.exitCode === null && this.child.signalCode === null : alive(this.pid);
    if (running) {
      if (code === undefined) return;
      // The recorder writes the exit code just before it exits: give it a moment to be gone, so
      // that wait() (and cancel()) resolve once no process of the run is left.
      this.exitSeenAt ??= Date.now();
      if (Date.now() - this.exitSeenAt < EXIT_GRACE_MS) return;
    }
    this.finish(code ?? null);
  }

  private exitCode(): number | undefined {
    if (!existsSync(this.layout.exitCode)) return undefined;
    const n = Number(readFileSync(this.layout.exitCode, 'utf8'));
    return Number.isInteger(n) ? n : undefined;
  }

  private finish(code: number | null): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.stdout.flush();
    this.stderr.flush();
    const outcome = this.cancelled ? 'cancelled' : this.timedOut ? 'timed_out' : code === 0 ? 'completed' : 'failed';
    const message = outcome === 'timed_out' ? `Stopped after the ${this.timeoutMinutes}-minute timeout.` : outcome === 'cancelled' ? 'Cancelled.' : undefined;
    this.resolveEnd({ outcome, exitCode: code, message });
  }

  private kill(): void {
    try {
      process.kill(-this.pid, 'SIGTERM'); // the whole process group: the recorder and the template
    } catch {
      /* already gone */
    }
    setTimeout(() => {
      if (alive(this.pid)) {
        try {
          process.kill(-this.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }, 5000).unref();
  }

  wait(): Promise<ExitInfo> {
    return this.ended;
  }

  async cancel(): Promise<void> {
    this.cancelled = true;
    this.kill();
    await this.ended;
  }

  cursor(): ResumeCursor {
    return { stdoutLines: this.stdout.linesSeen, stderrLines: this.stderr.linesSeen };
  }

  detach(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
