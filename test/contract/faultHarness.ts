/**
 * Fault injection through the real CLI: the CLI is bundled (like dist/cli.js) into a temp folder
 * and run as child processes against the fake control plane, so a test can SIGKILL a launcher at
 * any point and stop or follow its run from another process. The "GPU template" is a stand-in
 * finetune.py (FINETUNE_TEMPLATE_DIR) that prints numbered events slowly and keeps the
 * template's own copy of them on the volume, as the real one does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { expect } from 'vitest';
import type { FakeModal } from './fakeModal/server';
import { isActive } from '../../src/core/runs/runMeta';
import { RunStore } from '../../src/core/runs/runStore';

const REPO = path.resolve(__dirname, '..', '..');

/** Bundles src/cli/index.ts as scripts/build.mjs does (the SDK in its own modal.js); returns cli.js. */
export async function buildCli(): Promise<string> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'fte-cli-'));
  const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', absWorkingDir: REPO } as const;
  const lazyModal: esbuild.Plugin = { name: 'lazy-modal', setup: (b) => b.onResolve({ filter: /^modal$/ }, () => ({ path: './modal.js', external: true })) };
  await Promise.all([
    esbuild.build({ ...node, entryPoints: { cli: 'src/cli/index.ts' }, outdir: out, plugins: [lazyModal], sourcemap: true }),
    esbuild.build({ ...node, entryPoints: { modal: 'src/core/backends/modal/sdk.ts' }, outdir: out }),
  ]);
  return path.join(out, 'cli.js');
}

/** A template folder whose finetune.py emits run_started, `steps` train_logs (`delayS` apart), an eval and completed. */
export function standInTemplate(steps: number, delayS: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fte-standin-'));
  writeFileSync(path.join(dir, 'requirements.txt'), 'sentence-transformers==6.2.0\n');
  writeFileSync(path.join(dir, 'finetune.py'), `import json, os, sys, time
from datetime import datetime, timezone
a = sys.argv[1:]
arg = lambda n: a[a.index(n) + 1]
run_dir, run_id = arg("--run-dir"), arg("--run-id")
os.makedirs(run_dir, exist_ok=True)
copy = open(os.path.join(run_dir, "events.jsonl"), "a")
seq = 0
def emit(type_, **f):
    global seq
    seq += 1
    e = {"v": 1, "run_id": run_id, "seq": seq, "ts": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"), "type": type_, **f}
    copy.write(json.dumps(e) + "\\n"); copy.flush()
    print("@@fte@@ " + json.dumps(e), flush=True)
M = "eval_dev_cosine_ap"
emit("run_started", job_name="standin", task="duplicate-classification", model="m", libraries={"python": "3"}, gpu_name=None, gpu_memory_mb=None,
     gpu_count=0, world_size=1, resumed=False, resume_step=None, primary_metric=M, greater_is_better=True)
emit("phase", phase="training", total_steps=${steps})
for i in range(1, ${steps} + 1):
    print("noise line %d" % i, flush=True)
    emit("train_log", step=i, total_steps=${steps}, epoch=i / ${steps}, loss=1.0 / i, learning_rate=2e-5, grad_norm=1.0, samples_per_second=10.0)
    time.sleep(${delayS})
emit("eval", step=${steps}, epoch=1.0, metrics={M: 0.8}, primary_metric=M, primary_value=0.8)
emit("completed", final_metrics={M: 0.8}, baseline_metrics={M: 0.7}, deltas={M: 0.1}, primary_metric=M, primary_value=0.8,
     model_path=run_dir + "/model", best_checkpoint=None, hub_url=None, durations={"total": 1.0}, peak_gpu_memory_mb=None)
`);
  return dir;
}

/** Events the stand-in prints for `steps`: run_started, phase, steps x train_log, eval, completed. */
export const standInEventCount = (steps: number): number => steps + 4;

export const CONFIG = (extra = ''): string => `task: information-retrieval
model: BAAI/bge-small-en-v1.5
dataset:
  hub: sentence-transformers/natural-questions
  columns: { anchor: query, positive: answer }
loss: MultipleNegativesRankingLoss
evaluator: InformationRetrievalEvaluator
compute: { backend: modal, gpu: A10G, timeout_minutes: 30 }
${extra}`;

/** A workspace folder holding `fault.finetune.yaml` (and the files given). */
export function workspace(config: string, files: Record<string, string | Buffer> = {}): string {
  const ws = mkdtempSync(path.join(os.tmpdir(), 'fte-fault-ws-'));
  writeFileSync(path.join(ws, 'fault.finetune.yaml'), config);
  for (const [rel, body] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ws, rel)), { recursive: true });
    writeFileSync(path.join(ws, rel), body);
  }
  return ws;
}

export interface CliRun {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

/** Starts `node cli.js ARGS` in `cwd` against the fake, with a clean Modal environment. */
export function startCli(cli: string, fake: FakeModal, cwd: string, args: string[], extraEnv: Record<string, string> = {}): CliRun {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('MODAL_')) env[k] = v;
  Object.assign(env, {
    MODAL_SERVER_URL: fake.url, MODAL_TOKEN_ID: fake.tokenId, MODAL_TOKEN_SECRET: fake.tokenSecret,
    MODAL_CONFIG_PATH: path.join(os.tmpdir(), 'no-such-dir-fte', '.modal.toml'), ...extraEnv,
  });
  const child = spawn(process.execPath, [cli, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exit };
}

export async function runCliToEnd(cli: string, fake: FakeModal, cwd: string, args: string[], extraEnv: Record<string, string> = {}) {
  const run = startCli(cli, fake, cwd, args, extraEnv);
  const code = await run.exit;
  return { code, out: run.out(), err: run.err() };
}

export async function until(what: string, cond: () => boolean, timeoutMs = 30_000, everyMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Waits until the (only) run in `store` has stored at least `n` events; returns its id. */
export async function untilEvents(store: RunStore, n: number): Promise<string> {
  await until(`${n} events arrived`, () => {
    const id = store.list()[0]?.id;
    return id !== undefined && store.readEvents(id).length >= n;
  });
  return store.list()[0]!.id;
}

/** A workspace with the fault config and a `launch` of it running (the launcher process). */
export function launchStandIn(cli: string, fake: FakeModal, template: string) {
  const ws = workspace(CONFIG());
  const store = new RunStore(ws);
  const launcher = startCli(cli, fake, ws, ['launch', 'fault.finetune.yaml'], { FINETUNE_TEMPLATE_DIR: template });
  return { ws, store, launcher };
}

/**
 * The invariants every fault must keep: each sandbox still running has an active record that
 * names it (so `cancel` can stop it); no record is failed while its sandbox runs; and the
 * store holds each event exactly once, in order (seq 1..n).
 */
export function expectSafe(fake: FakeModal, store: RunStore, events?: { runId: string; count: number }): void {
  const records = store.list();
  for (const sb of fake.sandboxes.values()) {
    if (sb.result) continue;
    const owner = records.find((m) => m.ref === sb.id);
    expect(owner, `sandbox ${sb.id} runs without a record that can stop it`).toBeDefined();
    expect(isActive(owner!.state), `sandbox ${sb.id} runs but its record says ${owner!.state}`).toBe(true);
  }
  if (events) {
    const seqs = store.readEvents(events.runId).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: events.count }, (_, i) => i + 1));
  }
}

/** No stack trace, no minified source in what the CLI printed. */
export function expectNoStackTrace(text: string): void {
  expect(text).not.toMatch(/\n\s+at /);
  expect(text).not.toMatch(/TypeError|ReferenceError/);
}
