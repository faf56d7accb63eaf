/**
 * launchRun / finishRun / attachRun with the real local backend: a detached python3 process
 * running a stand-in finetune.py that prints protocol events, followed through its output files.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import type { JobBackend } from '../../../src/core/backends/jobBackend';
import { createLocalBackend } from '../../../src/core/backends/local/localBackend';
import { localLayout } from '../../../src/core/backends/local/localLayout';
import type { RunEvent } from '../../../src/core/events/protocol';
import { attachRun } from '../../../src/core/runs/attachRun';
import { launchRun } from '../../../src/core/runs/launchRun';
import type { RunUpdate } from '../../../src/core/runs/runSink';
import { RunStore } from '../../../src/core/runs/runStore';
import { errorEvent, fakeTemplateDir, happyEvents, LOCAL_CONFIG, makeMeta, phase, runStarted, tempDir, trainLog } from './runFixtures';

const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

let root: string;
let store: RunStore;
let configPath: string;
beforeEach(() => {
  root = tempDir('fte-local-ws-');
  cleanup.push(root);
  store = new RunStore(root);
  configPath = join(root, 'quora.finetune.yaml');
  writeFileSync(configPath, LOCAL_CONFIG);
});

const local = (): JobBackend => createLocalBackend({ python: 'python3', runsDir: store.dir, pollMs: 20 });

function template(...args: Parameters<typeof fakeTemplateDir>): string {
  const dir = fakeTemplateDir(...args);
  cleanup.push(dir);
  return dir;
}

function launch(templateDir: string, backend: JobBackend = local(), listener?: (u: RunUpdate) => void) {
  return launchRun({ store, configPath, configText: LOCAL_CONFIG, backend, templateDir, fileExists: existsSync, listener });
}

async function until(what: string, cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Whether any process of the group led by pid still exists. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

const pidOf = (id: string): number => Number(readFileSync(localLayout(join(store.dir, id, 'local')).pid, 'utf8'));
const strip = (events: RunEvent[]) => events.map((e) => ({ seq: e.seq, type: e.type }));

describe('local backend through launchRun', () => {
  test('a template that completes: state completed, events stored in order, other output in run.log', async () => {
    const events = happyEvents('x');
    const updates: RunUpdate[] = [];
    const run = await launch(template({ events }), local(), (u) => updates.push(u));
    expect(run.meta.ref).toBe(`local:${run.meta.id}`);
    expect(run.meta.backend).toBe('local');
    expect(run.meta.gpu).toBeNull();
    const meta = await run.done;
    expect(meta).toMatchObject({ state: 'completed', exitCode: 0, message: null });
    expect(meta.endedAt).not.toBeNull();
    const stored = store.readEvents(meta.id);
    expect(strip(stored)).toEqual(strip(events));
    expect(stored.every((e) => e.run_id === meta.id)).toBe(true);
    expect(updates.filter((u) => u.kind === 'event').map((u) => (u.kind === 'event' ? u.event.seq : -1))).toEqual(events.map((e) => e.seq));
    const log = store.readLog(meta.id);
    const noise = log.split('\n').filter((l) => l.startsWith('library noise'));
    expect(noise).toEqual(events.map((e) => `library noise after seq ${e.seq}`));
    expect(log).toContain(`[stderr] stderr after seq ${events.length}`);
    expect(log).toContain('[end] completed');
    expect(log).not.toContain('@@fte@@');
    expect(store.readMeta(meta.id)!.cursor).toEqual({ stdoutLines: 1 + 2 * events.length, stderrLines: events.length });
    expect(store.readMeta(meta.id)).toEqual(meta);
  });

  test('an error event and exit 1: state failed with the error message and hint', async () => {
    const events = [runStarted('x', 1), phase('x', 2, 'preparing_data'), errorEvent('x', 3, 'The dataset has no column "sentence1".')];
    const meta = await (await launch(template({ events, exitCode: 1 }))).done;
    expect(meta.state).toBe('failed');
    expect(meta.exitCode).toBe(1);
    expect(meta.message).toBe('The dataset has no column "sentence1". Check dataset.columns.');
    expect(strip(store.readEvents(meta.id))).toEqual(strip(events));
    expect(store.readLog(meta.id)).toContain('[end] failed: The dataset has no column "sentence1".');
  });

  test('exit 0 without a completed event is not a success', async () => {
    const meta = await (await launch(template({ events: [runStarted('x', 1)] }))).done;
    expect(meta.state).toBe('failed');
    expect(meta.exitCode).toBe(0);
    expect(meta.message).toMatch(/without reporting completion/);
  });

  test('cancel: the whole process group is gone, state cancelled, events so far kept', async () => {
    const events = [runStarted('x', 1), phase('x', 2, 'training', 100), trainLog('x', 3, 1, 100)];
    const run = await launch(template({ events, sleepAfterS: 60 }));
    await until('3 events', () => store.readEvents(run.meta.id).length === 3);
    const pid = pidOf(run.meta.id);
    expect(groupAlive(pid)).toBe(true);
    await run.handle.cancel();
    const meta = await run.done;
    expect(meta.state).toBe('cancelled');
    expect(meta.message).toBe('Cancelled.');
    expect(groupAlive(pid)).toBe(false);
    expect(strip(store.readEvents(meta.id))).toEqual(strip(events));
  });

  test('timeout: a run past compute.timeout_minutes is stopped and timed_out', async () => {
    const real = local();
    // 0.02 minutes = 1.2 s: the config schema only takes whole minutes, so shorten it on its way to the backend.
    const short: JobBackend = { ...real, launch: (req, cb) => real.launch({ ...req, job: { ...req.job, compute: { ...req.job.compute, timeout_minutes: 0.02 } } }, cb) };
    const run = await launch(template({ events: [runStarted('x', 1)], sleepAfterS: 60 }), short);
    const t0 = Date.now();
    const meta = await run.done;
    expect(meta.state).toBe('timed_out');
    expect(meta.message).toMatch(/timeout/);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(groupAlive(pidOf(meta.id))).toBe(false);
    expect(store.readEvents(meta.id).map((e) => e.type)).toEqual(['run_started']);
  });

  test('re-attach after a restart: a fresh backend and sink resume with no duplicate or missing event', async () => {
    let seq = 0;
    const events: RunEvent[] = [runStarted('x', ++seq), phase('x', ++seq, 'training', 200)];
    for (let step = 10; step <= 200; step += 10) events.push(trainLog('x', ++seq, step, 200));
    events.push(...happyEvents('x').slice(-1).map((e) => ({ ...e, seq: ++seq })));
    const run = await launch(template({ events, delayS: 0.05 }));
    await until('5 events', () => store.readEvents(run.meta.id).length >= 5);
    run.handle.detach(); // the window closes; the process keeps running
    const atDetach = store.readEvents(run.meta.id).length;
    expect(atDetach).toBeLessThan(events.length);
    await new Promise((r) => setTimeout(r, 200)); // the job goes on while nobody follows it
    expect(store.readEvents(run.meta.id).length).toBe(atDetach);

    const meta = store.readMeta(run.meta.id)!;
    expect(meta.state).toBe('running');
    const seen: number[] = [];
    const attached = await attachRun(new RunStore(root), meta, local(), (u) => {
      if (u.kind === 'event') seen.push(u.event.seq);
    });
    expect(attached.status).toBe('attached');
    if (attached.status !== 'attached') return;
    const final = await attached.done;
    expect(final.state).toBe('completed');
    expect(strip(store.readEvents(meta.id))).toEqual(strip(events));
    expect(seen).toEqual(events.slice(atDetach).map((e) => e.seq));
    const noise = store.readLog(meta.id).split('\n').filter((l) => l.startsWith('library noise'));
    // Every line arrived; none is missing (lines after the last saved cursor may repeat in run.log).
    expect([...new Set(noise)]).toEqual(events.map((e) => `library noise after seq ${e.seq}`));
  });

  test('re-attach to a run the backend does not know: lost, with what was recorded', async () => {
    store.create(makeMeta('ghost', { state: 'running', ref: 'local:ghost' }), '', {} as never);
    store.openEventLog('ghost').append(runStarted('ghost', 1));
    const result = await attachRun(store, store.readMeta('ghost')!, local());
    expect(result.status).toBe('lost');
    expect(store.readMeta('ghost')).toMatchObject({ state: 'lost' });
    expect(store.readMeta('ghost')!.message).toMatch(/^Lost: No local run folder/);
    expect(store.readEvents('ghost')).toHaveLength(1);
    store.create(makeMeta('never', { state: 'starting', ref: null }), '', {} as never);
    expect((await attachRun(store, store.readMeta('never')!, local())).status).toBe('lost');
  });

  test('secrets: token values from the environment appear nowhere in the finished run folder', async () => {
    const hf = `hf_${randomBytes(12).toString('hex')}`;
    const modal = `as-${randomBytes(12).toString('hex')}`;
    const saved = { HF_TOKEN: process.env.HF_TOKEN, MODAL_TOKEN_SECRET: process.env.MODAL_TOKEN_SECRET };
    process.env.HF_TOKEN = hf;
    process.env.MODAL_TOKEN_SECRET = modal;
    let meta;
    try {
      meta = await (await launch(template({ events: happyEvents('x') }))).done;
    } finally {
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
    expect(meta.state).toBe('completed');
    expect(store.readLog(meta.id)).toContain('hf token present: yes'); // the variable did reach the job
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(store.files(meta.id).dir);
    expect(files.length).toBeGreaterThanOrEqual(8); // run.json, events, log, job, config, stdout, stderr, exit code...
    for (const f of files) {
      const text = readFileSync(f, 'latin1');
      expect(text.includes(hf), f).toBe(false);
      expect(text.includes(modal), f).toBe(false);
    }
  });
});
