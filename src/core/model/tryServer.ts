/**
 * A warm Try it session: one `try_model.py --serve` process holding the base and fine-tuned
 * models and the held-out corpus embeddings, so only the first query pays for loading them
 * (seconds); each further query is one JSON line in, one line out.
 */
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { tryInfoSchema, tryResultSchema } from '../../protocol/tryModels';
import type { TryInfo, TryResult } from '../../protocol/tryModels';
import { LineSplitter } from '../events/lineSplitter';
import { PythonToolError, toolEnv } from '../pyenv/runPythonTool';
import type { RunModel } from './runModel';
import { TRY_SCRIPT, tryBaseArgs } from './tryModel';
import type { TryRequest } from './tryModel';

export const SERVE_MARKER = '@@fte-try@@ ';
const PROGRESS = '[fte] ';

export interface TryServerOptions {
  python: string;
  templateDir: string;
  model: RunModel;
  modelPath: string;
  /** The tool's own progress lines ("Loading the base model…"). */
  onProgress?(message: string): void;
  env?: NodeJS.ProcessEnv;
}

interface Waiter {
  resolve(value: unknown): void;
  reject(err: Error): void;
}

type Reply = { id?: number | null; ready?: boolean; result?: unknown; error?: string; hint?: string | null };

export class TryServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly waiters = new Map<number, Waiter>();
  private nextId = 1;
  private readonly tail: string[] = [];
  private exited = false;
  readonly ready: Promise<TryInfo>;

  constructor(o: TryServerOptions) {
    this.child = spawn(o.python, ['-u', join(o.templateDir, TRY_SCRIPT), ...tryBaseArgs(o.model, o.modelPath), '--serve'], { env: toolEnv(o.env), stdio: 'pipe' });
    this.ready = new Promise((resolve, reject) => this.waiters.set(0, { resolve: (v) => resolve(v as TryInfo), reject }));
    this.ready.catch(() => undefined); // also surfaced to whoever awaits it
    const out = new LineSplitter();
    const err = new LineSplitter();
    this.child.stdout.setEncoding('utf8');
    this.child.stderr.setEncoding('utf8');
    this.child.stdout.on('data', (c: string) => out.push(c).forEach((l) => this.onStdout(l)));
    this.child.stderr.on('data', (c: string) => err.push(c).forEach((l) => {
      this.keep(l);
      if (l.startsWith(PROGRESS)) o.onProgress?.(l.slice(PROGRESS.length));
    }));
    this.child.stdin.on('error', () => undefined); // a dead process is reported by 'close'
    this.child.on('error', (e) => this.fail(`Could not start ${o.python}: ${e.message}. Create the local environment (finetune-embeddings env) or set finetuneEmbeddings.local.pythonPath.`));
    this.child.on('close', (code) => this.fail(`The Try it process ended (exit code ${code ?? 'none'}). Its last lines:\n${this.tail.join('\n')}`));
  }

  get alive(): boolean {
    return !this.exited;
  }

  private keep(line: string): void {
    this.tail.push(line);
    if (this.tail.length > 20) this.tail.shift();
  }

  private onStdout(line: string): void {
    if (!line.startsWith(SERVE_MARKER)) {
      this.keep(line);
      return;
    }
    let reply: Reply;
    try {
      reply = JSON.parse(line.slice(SERVE_MARKER.length)) as Reply;
    } catch {
      return;
    }
    const id = typeof reply.id === 'number' ? reply.id : -1;
    const waiter = this.waiters.get(id);
    if (!waiter) return;
    this.waiters.delete(id);
    if (typeof reply.error === 'string') {
      waiter.reject(new PythonToolError(reply.hint ? `${reply.error} ${reply.hint}` : reply.error, [...this.tail]));
      return;
    }
    const parsed = id === 0 ? tryInfoSchema.safeParse(reply) : tryResultSchema.safeParse(reply.result);
    if (parsed.success) waiter.resolve(parsed.data);
    else waiter.reject(new PythonToolError(`${TRY_SCRIPT} answered with an unexpected shape: ${parsed.error.issues[0]?.message ?? 'invalid'}`, []));
  }

  private fail(message: string): void {
    this.exited = true;
    const waiters = [...this.waiters.values()];
    this.waiters.clear();
    for (const w of waiters) w.reject(new PythonToolError(message, [...this.tail]));
  }

  async query(r: TryRequest): Promise<TryResult> {
    await this.ready;
    if (this.exited) throw new PythonToolError('The Try it process has ended; run the query again to restart it.', [...this.tail]);
    const id = this.nextId++;
    const answer = new Promise<TryResult>((resolve, reject) => this.waiters.set(id, { resolve: (v) => resolve(v as TryResult), reject }));
    this.child.stdin.write(`${JSON.stringify({ id, query: r.query, text2: r.text2 ?? null, k: r.k })}\n`);
    return answer;
  }

  dispose(): void {
    if (this.exited) return;
    this.child.stdin.end();
    this.child.kill('SIGTERM');
  }
}
