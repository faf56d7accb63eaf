import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import type { ExitInfo, ResumeCursor, RunCallbacks, RunHandle } from '../jobBackend';
import { FileFollower } from './fileFollower';
import type { LocalLayout } from './localLayout';
import { provesRunGroup, type Ownership } from './processProof';

/** The run's process as recorded at launch: its pid and the nonce in its environment. */
export interface LocalProcess {
  pid: number;
  nonce: string | undefined;
}

/** How long a proof of ownership is reused between polls (it costs two reads of /proc, or two `ps` elsewhere). */
const PROOF_TTL_MS = 1000;

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
  private proof: { at: number; result: Ownership } | undefined;
  private readonly ended: Promise<ExitInfo>;
  private resolveEnd!: (exit: ExitInfo) => void;

  constructor(private readonly layout: LocalLayout, private readonly proc: LocalProcess, private readonly timeoutMinutes: number, cb: RunCallbacks, cursor: ResumeCursor, pollMs = 100, private readonly child?: ChildProcess) {
    this.ref = `local:${layout.workDir.split(/[\\/]/).slice(-2, -1)[0]}`;
    this.stdout = new FileFollower(layout.stdout, (l, i) => cb.onStdoutLine(l, i), cursor.stdoutLines);
    this.stderr = new FileFollower(layout.stderr, (l, i) => cb.onStderrLine?.(l, i), cursor.stderrLines);
    this.ended = new Promise((resolve) => (this.resolveEnd = resolve));
    this.timer = setInterval(() => this.tick(), pollMs);
    this.tick();
  }

  /** The child this process spawned is ours by construction; a pid read back from the run folder must prove it. */
  private owns(fresh = false): Ownership {
    if (this.child) return this.child.exitCode === null && this.child.signalCode === null ? { owned: true } : { owned: false, reason: 'the process has exited' };
    if (fresh || !this.proof || Date.now() - this.proof.at > PROOF_TTL_MS) this.proof = { at: Date.now(), result: provesRunGroup(this.proc.pid, this.proc.nonce) };
    return this.proof.result;
  }

  private tick(): void {
    this.stdout.poll();
    this.stderr.poll();
    // The exit code first: a run that ended while nobody watched ended as it says, whatever the clock says now.
    const code = this.exitCode();
    const running = this.owns().owned;
    const startedAt = existsSync(this.layout.startedAt) ? Date.parse(readFileSync(this.layout.startedAt, 'utf8')) : Date.now();
    if (code === undefined && running && !this.cancelled && !this.timedOut && Date.now() - startedAt > this.timeoutMinutes * 60_000) {
      this.timedOut = this.kill();
    }
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
    if (code === null && !this.cancelled && !this.timedOut) {
      // No exit code and no provable process: nothing of the run is left that we may follow or stop.
      const why = this.owns(true);
      this.resolveEnd({ outcome: 'lost', exitCode: null, message: `The run's process is not running and recorded no exit code${why.owned ? '' : ` (${why.reason})`}.` });
      return;
    }
    const outcome = this.cancelled ? 'cancelled' : this.timedOut ? 'timed_out' : code === 0 ? 'completed' : 'failed';
    const message = outcome === 'timed_out' ? `Stopped after the ${this.timeoutMinutes}-minute timeout.` : outcome === 'cancelled' ? 'Cancelled.' : undefined;
    this.resolveEnd({ outcome, exitCode: code, message });
  }

  /**
   * SIGTERM to the run's whole process group (the exit recorder and the template), SIGKILL 5 s
   * later if it is still there; each signal only after the group proved to be this run's.
   * Returns whether a signal was sent.
   */
  private kill(): boolean {
    if (!this.signal('SIGTERM')) return false;
    setTimeout(() => this.signal('SIGKILL'), 5000).unref();
    return true;
  }

  private signal(sig: NodeJS.Signals): boolean {
    const proof = this.owns(true);
    if (!proof.owned) return false;
    try {
      process.kill(-this.proc.pid, sig);
      return true;
    } catch {
      return false; // gone meanwhile
    }
  }

  wait(): Promise<ExitInfo> {
    return this.ended;
  }

  /** Stops the run if its process is provably ours and running; otherwise it ends as its own record says. */
  async cancel(): Promise<void> {
    if (this.timer === undefined) return this.ended.then(() => undefined);
    if (this.exitCode() === undefined) this.cancelled = this.kill();
    this.tick();
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
