/**
 * One fake sandbox: its `entrypoint_args` run as a local subprocess (own process group),
 * with the sandbox's secrets as environment variables and each volume mount path
 * (e.g. /vol) rewritten to a local folder in arguments and env values.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { LogStore } from './logStore';
import { GenericStatus, newId, type GenericResultMsg } from './types';

export interface FakeSandboxInit {
  appId: string;
  argv: string[];
  env: Record<string, string>;
  /** mount path in the container -> local folder */
  mounts: Record<string, string>;
  cwd: string;
  timeoutSecs: number;
  scheduleDelayMs: number;
  logChunkChars?: number;
  commandAliases: Record<string, string>;
  /** Ports the sandbox declared (open_ports); tunnels point at them on 127.0.0.1. */
  ports: number[];
  /** Those of them declared encrypted (TLS tunnels). */
  encryptedPorts?: number[];
}

export class FakeSandbox {
  readonly id = newId('sb');
  taskId: string | undefined;
  pid: number | undefined;
  result: GenericResultMsg | undefined;
  readonly stdout = new LogStore();
  readonly stderr = new LogStore();
  private proc: ChildProcess | undefined;
  private endReason: 'terminated' | 'timeout' | undefined;
  private stdinChunks = new Map<number, Buffer | 'eof'>();
  private nextStdin = 1;
  private timers: NodeJS.Timeout[] = [];
  private resolveDone!: () => void;
  readonly done = new Promise<void>((r) => (this.resolveDone = r));
  /** The tunnels, once made: Modal answers every SandboxGetTunnels of a sandbox with the same ones. */
  tunnels: Array<Record<string, unknown>> | undefined;

  constructor(readonly init: FakeSandboxInit) {
    mkdirSync(init.cwd, { recursive: true });
    if (init.scheduleDelayMs <= 0) queueMicrotask(() => this.start());
    else this.timers.push(setTimeout(() => this.start(), init.scheduleDelayMs));
  }

  private rewrite(value: string): string {
    for (const [mountPath, local] of Object.entries(this.init.mounts)) {
      if (value === mountPath || value.startsWith(mountPath + '/')) return local + value.slice(mountPath.length);
    }
    return value;
  }

  private start(): void {
    if (this.result) return;
    this.taskId = newId('ta');
    const [cmd0, ...args] = this.init.argv.map((a) => this.rewrite(a));
    if (!cmd0) return this.finish({ status: GenericStatus.FAILURE, exitcode: 1, exception: 'no command' });
    const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: this.init.cwd };
    for (const [k, v] of Object.entries(this.init.env)) env[k] = this.rewrite(v);
    const proc = spawn(this.init.commandAliases[cmd0] ?? cmd0, args, { cwd: this.init.cwd, env, detached: true, stdio: 'pipe' });
    this.proc = proc;
    this.pid = proc.pid;
    for (const [stream, store] of [[proc.stdout, this.stdout], [proc.stderr, this.stderr]] as const) {
      const dec = new StringDecoder('utf8');
      stream.on('data', (b: Buffer) => store.append(dec.write(b), this.init.logChunkChars));
      stream.on('end', () => store.append(dec.end(), this.init.logChunkChars));
    }
    proc.stdin.on('error', () => undefined);
    proc.on('error', (err) => {
      this.stderr.append(`fake modal: could not start ${cmd0}: ${err.message}\n`);
      this.finish({ status: GenericStatus.FAILURE, exitcode: 127, exception: err.message });
    });
    proc.on('close', (code, signal) => {
      if (this.endReason === 'terminated') return this.finish({ status: GenericStatus.TERMINATED });
      if (this.endReason === 'timeout') return this.finish({ status: GenericStatus.TIMEOUT });
      const exitcode = code ?? 128 + signalNumber(signal);
      this.finish({ status: exitcode === 0 ? GenericStatus.SUCCESS : GenericStatus.FAILURE, exitcode });
    });
    this.timers.push(setTimeout(() => this.kill('timeout'), this.init.timeoutSecs * 1000));
    this.flushStdin();
  }

  writeStdin(index: number, input: Buffer, eof: boolean): void {
    if (index < this.nextStdin || this.stdinChunks.has(index)) return; // a retried write
    this.stdinChunks.set(index, eof ? 'eof' : input);
    this.flushStdin();
  }

  private flushStdin(): void {
    const stdin = this.proc?.stdin;
    if (!stdin) return;
    for (let c = this.stdinChunks.get(this.nextStdin); c !== undefined; c = this.stdinChunks.get(this.nextStdin)) {
      this.stdinChunks.delete(this.nextStdin);
      this.nextStdin += 1;
      if (c === 'eof') stdin.end();
      else if (c.length > 0) stdin.write(c);
    }
  }

  kill(reason: 'terminated' | 'timeout'): void {
    if (this.result) return;
    this.endReason ??= reason;
    if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) {
      if (!this.proc) this.finish({ status: reason === 'timeout' ? GenericStatus.TIMEOUT : GenericStatus.TERMINATED });
      return;
    }
    try {
      process.kill(-(this.proc.pid ?? 0), 'SIGKILL');
    } catch {
      this.proc.kill('SIGKILL');
    }
  }

  private finish(result: GenericResultMsg): void {
    if (this.result) return;
    this.result = result;
    for (const t of this.timers) clearTimeout(t);
    this.stdout.close();
    this.stderr.close();
    this.resolveDone();
  }

  /** Waits up to `ms` for the end; true when finished. */
  async waitFor(ms: number): Promise<boolean> {
    if (this.result) return true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.done, new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
    return this.result !== undefined;
  }
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const table: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return signal ? (table[signal] ?? 1) : 1;
}
