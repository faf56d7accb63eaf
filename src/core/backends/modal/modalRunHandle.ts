/**
 * A started (or re-attached) Modal sandbox: follows its output, waits for and maps its exit,
 * cancels it. Only the sandbox's own result ends a run: a call that fails while the sandbox may
 * still be running is retried with capped backoff for as long as it takes (the user sees
 * "reconnecting"), never turned into a failed run. Modal answering "no such sandbox" ends it as
 * lost; a rejected token stops following (the run is left active, to re-attach later).
 */
import type { ModalClient, Sandbox } from 'modal';
import type { ExitInfo, ResumeCursor, RunCallbacks, RunHandle } from '../jobBackend';
import { ConnectionMonitor } from './connectionMonitor';
import { exitInfoFromCode, exitInfoFromResult, type SandboxResult } from './exitInfo';
import { LogFollower, MAX_BACKOFF_MS } from './logFollower';
import { grpcCodeOf, isAuthError, isGoneError, toModalError } from './modalErrors';

export interface ModalRunHandleOptions {
  /** After the sandbox exits, how long to wait for the rest of its output. Default 30 s. */
  drainTimeoutMs?: number;
}

/** SandboxWait's long poll: the server answers after this many seconds when nothing happened. */
const WAIT_POLL_S = 10;
/** How long cancel keeps retrying SandboxTerminate through an outage before it reports failure. */
const TERMINATE_RETRY_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const backoff = (failures: number): number => Math.min(500 * 2 ** Math.max(0, failures - 1), MAX_BACKOFF_MS);
const describe = (err: unknown): string => `${err instanceof Error ? err.message : String(err)}${grpcCodeOf(err) !== undefined ? ` (gRPC ${grpcCodeOf(err)})` : ''}`;

export class ModalRunHandle implements RunHandle {
  readonly ref: string;
  private cancelRequested = false;
  private waiting: Promise<ExitInfo> | undefined;
  private readonly stdout: LogFollower;
  private readonly stderr: LogFollower;
  private readonly health: ConnectionMonitor;

  constructor(
    private readonly client: ModalClient,
    private readonly sandbox: Sandbox,
    callbacks: RunCallbacks,
    cursor: ResumeCursor,
    private readonly options: ModalRunHandleOptions = {},
  ) {
    this.ref = sandbox.sandboxId;
    this.health = new ConnectionMonitor((state, detail) => callbacks.onConnection?.(state, detail));
    const onHealth = (failing: boolean, detail: string): void => (failing ? this.health.trouble(detail) : this.health.ok());
    // Each (re)open takes a fresh Sandbox object: the SDK caches one output stream per object.
    const reopen = async (): Promise<Sandbox> => this.client.sandboxes.fromId(this.ref);
    this.stdout = new LogFollower({
      label: 'stdout',
      open: async () => (await reopen()).stdout,
      onLine: (line, i) => callbacks.onStdoutLine(line, i),
      skip: cursor.stdoutLines,
      onHealth,
    });
    this.stderr = new LogFollower({
      label: 'stderr',
      open: async () => (await reopen()).stderr,
      onLine: (line, i) => callbacks.onStderrLine?.(line, i),
      skip: cursor.stderrLines,
      onHealth,
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
    this.health.dispose();
    if (!this.waiting) this.client.close();
  }

  wait(): Promise<ExitInfo> {
    this.waiting ??= this.waitForExit();
    return this.waiting;
  }

  /** Terminates the sandbox and resolves only once Modal reports it stopped. */
  async cancel(): Promise<void> {
    this.cancelRequested = true;
    const deadline = Date.now() + TERMINATE_RETRY_MS;
    for (let failures = 1; ; failures++) {
      try {
        await this.sandbox.terminate();
        break;
      } catch (err) {
        if (isGoneError(err)) break; // nothing left to stop
        if (isAuthError(err) || Date.now() > deadline) {
          throw toModalError(err, `stopping sandbox ${this.ref} (it may still be running: cancel again)`);
        }
        this.health.trouble(`stopping the sandbox failed: ${describe(err)}`);
        await sleep(backoff(failures));
      }
    }
    await this.wait(); // the sandbox's own result confirms that it stopped
  }

  /** Long-polls SandboxWait until the sandbox reports a result, or Modal no longer knows it. */
  private async result(): Promise<SandboxResult | 'gone'> {
    for (let failures = 0; ; ) {
      try {
        const resp = await this.client.cpClient.sandboxWait({ sandboxId: this.ref, timeout: WAIT_POLL_S });
        this.health.ok();
        failures = 0;
        if (resp.result && resp.result.status !== 0) return resp.result;
      } catch (err) {
        if (isGoneError(err)) return 'gone';
        if (isAuthError(err)) throw toModalError(err, 'waiting for the run to end');
        failures += 1;
        this.health.trouble(`waiting for the run failed: ${describe(err)}`);
        await sleep(backoff(failures));
      }
    }
  }

  private async waitForExit(): Promise<ExitInfo> {
    try {
      const result = await this.result();
      const drained = Promise.all([this.stdout.done, this.stderr.done]);
      let timer: NodeJS.Timeout | undefined;
      // A gone sandbox has no output left to read; otherwise give the streams time to finish.
      const drainMs = result === 'gone' ? 0 : this.options.drainTimeoutMs ?? 30_000;
      await Promise.race([drained, new Promise<void>((r) => (timer = setTimeout(r, drainMs)))]);
      clearTimeout(timer);
      if (result === 'gone') {
        return this.cancelRequested
          ? exitInfoFromCode(137, true)
          : { outcome: 'lost', exitCode: null, message: `Modal no longer knows sandbox ${this.ref}: it ended without a result this window could read.` };
      }
      return exitInfoFromResult(result, this.cancelRequested);
    } finally {
      await Promise.all([this.stdout.stop(), this.stderr.stop()]);
      this.health.dispose();
      this.client.close();
    }
  }
}
