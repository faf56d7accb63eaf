/**
 * Sweeps against the fake control plane with the real modal client: one CPU coordinator with
 * a tunnel, `parallel` GPU workers, trials streamed into the store, cancel stopping every
 * sandbox, and a relaunch that only runs the remaining trials. The sweep program is a
 * stand-in (sweepStandIn/sweep.py, same CLI): Optuna's own behaviour is tested in Python.
 */
import { copyFileSync, existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
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
  // Each test its own config name: the sweep's shared folder (and so its study) is keyed by it.
  const configPath = path.join(root, `quora-sweep-${path.basename(root)}.finetune.yaml`);
  writeFileSync(configPath, CONFIG(trials, epochs));
  return { store: new RunStore(root), configPath, configText: CONFIG(trials, epochs) };
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
      resources?: { gpuConfig?: { gpuType?: string; count?: number } };
      openPorts?: { ports: Array<{ port: number; unencrypted: boolean }> };
      entrypointArgs: string[];
    }
    const creates = fake.callsOf('SandboxCreate').slice(before).map((c) => (c.request as { definition: Definition }).definition);
    expect(creates).toHaveLength(5);
    const [coordinator, ...workers] = creates as [Definition, ...Definition[]];
    expect(coordinator.resources?.gpuConfig?.gpuType ?? '').toBe('');
    expect(coordinator.openPorts?.ports.map((p) => p.unencrypted)).toEqual([true]);
    expect(workers.every((w) => w.resources?.gpuConfig?.gpuType === 'A10G')).toBe(true);
    expect(workers.map((w) => w.entrypointArgs[w.entrypointArgs.indexOf('--worker-index') + 1])).toEqual(['0', '1', '2', '3']);
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
