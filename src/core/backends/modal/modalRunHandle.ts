/** A started (or re-attached) Modal sandbox: follows its output, waits for and maps its exit, cancels it. */
import type { ModalClient, Sandbox } from 'modal';
import type { ExitInfo, ResumeCursor, RunCallbacks, RunHandle } from '../jobBackend';
import { exitInfoFromCode } from './exitInfo';
import { LogFollower } from './logFollower';
import { GrpcCode, grpcCodeOf, toModalError } from './modalErrors';

export interface ModalRunHandleOptions {
  /** After the sandbox exits, how long to wait for the rest of its output. Default 30 s. */
  drainTimeoutMs?: number;
}

const TRANSIENT = new Set([1, 2, 4, 13, GrpcCode.UNAVAILABLE]); // CANCELLED, UNKNOWN, DEADLINE_EXCEEDED, INTERNAL, UNAVAILABLE
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class ModalRunHandle implements RunHandle {
  readonly ref: string;
  private cancelRequested = false;
  private waiting: Promise<ExitInfo> | undefined;
  private readonly stdout: LogFollower;
  private readonly stderr: LogFollower;

  constructor(
    private readonly client: ModalClient,
    private readonly sandbox: Sandbox,
    callbacks: RunCallbacks,
    cursor: ResumeCursor,
    private readonly options: ModalRunHandleOptions = {},
  ) {
    this.ref = sandbox.sandboxId;
    // Each (re)open takes a fresh Sandbox object: the SDK caches one output stream per object.
    const reopen = async (): Promise<Sandbox> => this.client.sandboxes.fromId(this.ref);
    this.stdout = new LogFollower({
      label: 'stdout',
      open: async () => (await reopen()).stdout,
      onLine: (line, i) => callbacks.onStdoutLine(line, i),
      skip: cursor.stdoutLines,
      onWarning: callbacks.onWarning,
    });
    this.stderr = new LogFollower({
      label: 'stderr',
      open: async () => (await reopen()).stderr,
      onLine: (line, i) => callbacks.onStderrLine?.(line, i),
      skip: cursor.stderrLines,
      onWarning: callbacks.onWarning,
    });
  }

  async endpoint(port: number): Promise<{ host: string; port: number }> {
    const tunnel = (await this.sandbox.tunnels())[port];
    if (!tunnel?.unencryptedHost || !tunnel.unencryptedPort) throw new Error(`Sandbox ${this.ref} exposes no unencrypted tunnel for port ${port}.`);
    return { host: tunnel.unencryptedHost, port: tunnel.unencryptedPort };
  }

  get sandboxId(): string {
    return this.ref;
  }

  cursor(): ResumeCursor {
    return { stdoutLines: this.stdout.lines, stderrLines: this.stderr.lines };
  }

  detach(): void {
    void this.stdout.stop();
    void this.stderr.stop();
    if (!this.waiting) this.client.close();
  }

  wait(): Promise<ExitInfo> {
    this.waiting ??= this.waitForExit();
    return this.waiting;
  }

  async cancel(): Promise<void> {
    this.cancelRequested = true;
    try {
      await this.sandbox.terminate();
    } catch (err) {
      if (grpcCodeOf(err) !== GrpcCode.NOT_FOUND) throw toModalError(err, 'cancelling the run');
    }
    await this.wait(); // confirms the sandbox stopped
  }

  private async exitCode(): Promise<{ code: number | null; error?: string }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return { code: await this.sandbox.wait() };
      } catch (err) {
        const code = grpcCodeOf(err);
        if (attempt >= 5 || code === undefined || !TRANSIENT.has(code)) {
          return { code: null, error: toModalError(err, 'waiting for the run to end').message };
        }
        await sleep(Math.min(500 * 2 ** attempt, 8000));
      }
    }
  }

  private async waitForExit(): Promise<ExitInfo> {
    const { code, error } = await this.exitCode();
    const drained = Promise.all([this.stdout.done, this.stderr.done]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([drained, new Promise<void>((r) => (timer = setTimeout(r, this.options.drainTimeoutMs ?? 30_000)))]);
    clearTimeout(timer);
    await Promise.all([this.stdout.stop(), this.stderr.stop()]);
    this.client.close();
    const info = exitInfoFromCode(code, this.cancelRequested);
    return error ? { ...info, message: error } : info;
  }
}
