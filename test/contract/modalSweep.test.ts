/**
 * Sweeps against the fake control plane with the real modal client: one CPU coordinator with
 * a tunnel, `parallel` GPU workers, trials streamed into the store, cancel stopping every
 * sandbox, and a relaunch that only runs the remaining trials. The sweep program is a
 * stand-in (sweepStandIn/sweep.py, same CLI): Optuna's own behaviour is tested in Python.
 */
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backendFor, processGone } from './modalHarness';
import { startFakeModal, type FakeModal } from './fakeModal/server';
import { launchSweep } from '../../src/core/sweeps/launchSweep';
import { sweepStreams } from '../../src/core/sweeps/finishSweep';
import { summarizeSweep } from '../../src/core/sweeps/sweepSummary';
import { RunStore } from '../../src/core/runs/runStore';

// The stand-in spends 0.25 s x epochs on each trial.
const CONFIG = (trials: number, epochs = 1) => `task: duplicate-classification
model: BAAI/bge-small-en-v1.5
dataset:
  hub: sentence-transformers/quora-duplicates
  subset: pair-class
  columns: { text1: sentence1, text2: sentence2, label: label }
training: { epochs: ${epochs} }
compute: { backend: modal, gpu: A10G, timeout_minutes: 10 }
sweep:
  trials: ${trials}
  parallel: 4
  space:
    learning_rate: { type: float, low: 1.0e-6, high: 1.0e-4, log: true }
`;

let fake: FakeModal;
let templateDir: string;
let port = 23000 + Math.floor(Math.random() * 5000);

beforeAll(async () => {
  fake = await startFakeModal({ imageBuildMs: 30, scheduleDelayMs: 20 });
  templateDir = mkdtempSync(path.join(os.tmpdir(), 'sweep-template-'));
  copyFileSync(path.join(__dirname, 'sweepStandIn', 'sweep.py'), path.join(templateDir, 'sweep.py'));
  writeFileSync(path.join(templateDir, 'requirements.txt'), 'optuna==5.0.0\n');
});
afterAll(async () => fake?.stop());

function workspace(trials: number, epochs = 1) {
  const root = mkdtempSync(path.join(os.tmpdir(), 'sweep-ws-'));
  mkdirSync(root, { recursive: true });
  // Each test its own config: the sweep's shared folder (and so its study) is keyed by the config's path and content.
  const configPath = path.join(root, `quora-sweep-${path.basename(root)}.finetune.yaml`);
  writeFileSync(configPath, CONFIG(trials, epochs));
  return { store: new RunStore(root), configPath, configText: CONFIG(trials, epochs) };
}

/** Credentials go in the sandboxes' secret env only: the key to the coordinator alone, never on a command line or in the store. */
function expectPrivateStore(ws: ReturnType<typeof workspace>, sweepId: string, coordinator: { entrypointArgs: string[] }, workers: Array<{ entrypointArgs: string[] }>) {
  // Each sandbox's `env` becomes an ephemeral secret (SecretGetOrCreate), named in its secretIds.
  const envs = fake.callsOf('SecretGetOrCreate').filter((c) => c.request.objectCreationType === 5).map((c) => c.request.envDict as Record<string, string>);
  const coordEnv = envs.find((e) => e.FINETUNE_RUN_ID === `${sweepId}-coord`)!;
  const token = coordEnv.FTE_STORAGE_TOKEN!;
  expect(token.length).toBeGreaterThanOrEqual(40);
  expect(coordEnv.FTE_STORAGE_KEY).toMatch(/^-----BEGIN PRIVATE KEY-----/);
  for (let k = 0; k < workers.length; k++) {
    const env = envs.find((e) => e.FINETUNE_RUN_ID === `${sweepId}-w${k}`)!;
    expect(env.FTE_STORAGE_TOKEN).toBe(token);
    expect(env.FTE_STORAGE_CERT).toBe(coordEnv.FTE_STORAGE_CERT);
    expect(env.FTE_STORAGE_KEY).toBeUndefined();
  }
  for (const d of [coordinator, ...workers]) expect(d.entrypointArgs.join(' ')).not.toContain(token);
  const stored = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? stored(path.join(dir, e.name)) : [readFileSync(path.join(dir, e.name), 'utf8')]));
  const all = stored(ws.store.dir).join('\n');
  expect(all.length).toBeGreaterThan(0);
  expect(all).not.toContain(token);
  expect(all).not.toContain('PRIVATE KEY');
}

async function launch(ws: ReturnType<typeof workspace>) {
  return launchSweep({ ...ws, backend: backendFor(fake), templateDir, fileExists: existsSync, storagePort: port++ });
}

describe('sweeps on Modal (fake control plane)', () => {
  test('parallel: 4 starts a CPU coordinator with a tunnel and four GPU workers; every trial runs exactly once', async () => {
    const ws = workspace(8);
    const before = fake.callsOf('SandboxCreate').length;
    const sweep = await launch(ws);
    const final = await sweep.done;
    interface Definition {
      resources?: { gpuConfig?: { gpuType?: string; count?: number }; milliCpu?: number; memoryMb?: number };
      openPorts?: { ports: Array<{ port: number; unencrypted: boolean }> };
      entrypointArgs: string[];
      timeoutSecs: number;
    }
    const creates = fake.callsOf('SandboxCreate').slice(before).map((c) => (c.request as { definition: Definition }).definition);
    expect(creates).toHaveLength(5);
    const [coordinator, ...workers] = creates as [Definition, ...Definition[]];
    expect(coordinator.resources?.gpuConfig?.gpuType ?? '').toBe('');
    expect(coordinator.resources).toMatchObject({ milliCpu: 1000, memoryMb: 2048 });
    expect(coordinator.openPorts?.ports.map((p) => p.unencrypted)).toEqual([true]); // a raw TCP tunnel: TLS is end to end, ours
    expect(workers.every((w) => w.resources?.gpuConfig?.gpuType === 'A10G')).toBe(true);
    expect(workers.every((w) => w.resources?.milliCpu === 4000 && w.resources?.memoryMb === 16384)).toBe(true);
    expect(workers.map((w) => w.entrypointArgs[w.entrypointArgs.indexOf('--worker-index') + 1])).toEqual(['0', '1', '2', '3']);
    expect(workers.every((w) => w.entrypointArgs[w.entrypointArgs.indexOf('--storage') + 1]!.startsWith('grpcs://'))).toBe(true);
    // The coordinator outlives its workers (they start after it and may wait for GPUs).
    expect(workers.every((w) => w.timeoutSecs === 600)).toBe(true);
    expect(coordinator.timeoutSecs).toBe((10 + 60) * 60);
    expectPrivateStore(ws, final.id, coordinator, workers);
    expect(final.state).toBe('completed');
    const summary = summarizeSweep(sweepStreams(ws.store, final.id));
    expect(summary.trials.map((t) => t.trial)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(summary.trials.every((t) => t.state === 'complete')).toBe(true);
    expect(new Set(summary.trials.map((t) => t.worker)).size).toBeGreaterThan(1); // the workers really shared the work
    expect(summary.completed?.best_trial).toBe(7);
    // The coordinator serves until told: it was terminated once the workers were done.
    const coordRef = ws.store.readMeta(`${final.id}-coord`)!.ref;
    expect(fake.callsOf('SandboxTerminate').some((c) => c.request.sandboxId === coordRef)).toBe(true);
  });

  test('MODAL_SANDBOX_V2=1 in the user\'s environment changes nothing: the coordinator still takes the V1 path', async () => {
    const ws = workspace(4);
    const before = fake.calls.length;
    process.env.MODAL_SANDBOX_V2 = '1';
    try {
      const final = await (await launch(ws)).done;
      expect(final.state).toBe('completed');
    } finally {
      delete process.env.MODAL_SANDBOX_V2;
    }
    const calls = fake.calls.slice(before);
    expect(calls.filter((c) => c.method.endsWith('V2'))).toEqual([]);
    expect(calls.filter((c) => c.method === 'SandboxCreate')).toHaveLength(5);
  });

  test('two configs with one file name in different folders each get their own study: the second runs all its trials', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'sweep-ws-'));
    const store = new RunStore(root);
    const runDirs: string[] = [];
    for (const folder of ['team-a', 'team-b']) {
      mkdirSync(path.join(root, folder));
      const configPath = path.join(root, folder, 'sweep.finetune.yaml');
      writeFileSync(configPath, CONFIG(4));
      const before = fake.callsOf('SandboxCreate').length;
      const final = await (await launch({ store, configPath, configText: CONFIG(4) })).done;
      expect(final.state).toBe('completed');
      const done = summarizeSweep(sweepStreams(store, final.id)).trials.filter((t) => t.state === 'complete').map((t) => t.trial);
      expect(done.sort((a, b) => a - b), `${folder} ran its own trials`).toEqual([0, 1, 2, 3]);
      const args = fake.callsOf('SandboxCreate').slice(before).map((c) => (c.request as { definition: { entrypointArgs: string[] } }).definition.entrypointArgs);
      const dirs = new Set(args.map((a) => a[a.indexOf('--run-dir') + 1]!));
      expect(dirs.size, 'the coordinator and the workers share one folder').toBe(1);
      runDirs.push(...dirs);
    }
    expect(runDirs[0]).not.toBe(runDirs[1]);
    expect(runDirs.every((d) => /^\/vol\/runs\/sweep-sweep-[0-9a-f]{10}$/.test(d))).toBe(true);
  });

  test('cancel stops every worker and the coordinator; a relaunch runs only the remaining trials', async () => {
    const ws = workspace(12, 4);
    const sweep = await launch(ws);
    // Let a few trials finish, then cancel everything.
    const deadline = Date.now() + 20_000;
    while (summarizeSweep(sweepStreams(ws.store, sweep.meta.id)).trials.filter((t) => t.state === 'complete').length < 4) {
      if (Date.now() > deadline) throw new Error('trials did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    await Promise.all([...sweep.handles.values()].map((h) => h.cancel()));
    const cancelled = await sweep.done;
    expect(cancelled.state).toBe('cancelled');
    const refs = [...sweep.handles.values()].map((h) => h.ref);
    expect(refs).toHaveLength(5);
    const terminated = new Set(fake.callsOf('SandboxTerminate').map((c) => c.request.sandboxId));
    expect(refs.every((r) => terminated.has(r))).toBe(true);
    expect(refs.every((r) => processGone(fake.sandboxes.get(r)?.pid))).toBe(true);
    const first = summarizeSweep(sweepStreams(ws.store, sweep.meta.id)).trials.filter((t) => t.state === 'complete').map((t) => t.trial);

    const again = await launch(ws);
    const final = await again.done;
    expect(final.state).toBe('completed');
    const second = summarizeSweep(sweepStreams(ws.store, final.id)).trials.filter((t) => t.state === 'complete').map((t) => t.trial);
    expect(second.filter((t) => first.includes(t))).toEqual([]); // nothing finished before ran again
    expect([...first, ...second].sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
  });
});
