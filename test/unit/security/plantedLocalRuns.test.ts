/**
 * Folders from a stranger: run records planted in .finetune/runs (a pid file saying 1, a pid that
 * is some other process of the user's, a run that ended while nobody watched) must never make the
 * CLI or a re-attach signal a process the run cannot prove is its own. Every process.kill call
 * is recorded (and not delivered) while the real CLI and the real local backend handle the
 * planted records; a sacrificial process of the test's own stands in for the user's processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createLocalBackend } from '../../../src/core/backends/local/localBackend';
import { localLayout } from '../../../src/core/backends/local/localLayout';
import { newRunNonce, provesRunGroup } from '../../../src/core/backends/local/processProof';
import { attachRun } from '../../../src/core/runs/attachRun';
import { launchRun } from '../../../src/core/runs/launchRun';
import { RunStore } from '../../../src/core/runs/runStore';
import { cliRun } from '../../fixtures/cliRun';
import { fakeTemplateDir, happyEvents, LOCAL_CONFIG, makeMeta, marked, runStarted, tempDir } from '../runs/runFixtures';

const cleanup: string[] = [];
const victims: ChildProcess[] = [];
afterAll(() => {
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
  for (const v of victims) if (v.exitCode === null) v.kill('SIGKILL');
});

let root: string;
let store: RunStore;
let cwd: string;
let signals: Array<[number, string | number | undefined]>;
beforeEach(() => {
  root = tempDir('fte-planted-');
  cleanup.push(root);
  store = new RunStore(root);
  cwd = process.cwd();
  process.chdir(root);
  signals = [];
});
afterEach(() => {
  process.chdir(cwd);
  vi.restoreAllMocks();
});

/** Records every signal the code under test sends; delivers signal 0 (a probe) only, never a real one. */
function recordSignals(deliverTo: number[] = []): void {
  const real = process.kill.bind(process);
  vi.spyOn(process, 'kill').mockImplementation((pid: number, sig?: string | number) => {
    signals.push([pid, sig]);
    if (sig === 0 || deliverTo.includes(Math.abs(pid))) return real(pid, sig);
    return true;
  });
}

/** A process of the test's own, leading its own process group like a run's recorder would. */
function sacrificial(): ChildProcess {
  const child = spawn('sleep', ['300'], { detached: true, stdio: 'ignore' });
  victims.push(child);
  return child;
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

interface Plant { pid: string; nonce?: string; exitCode?: number; events?: string[]; startedAt?: string; timeoutMinutes?: number }

/** A run record as a repository could hold it: state running, a local ref, and the local folder's files. */
function plant(id: string, p: Plant): void {
  store.create(makeMeta(id, { state: 'running', ref: `local:${id}`, timeoutMinutes: p.timeoutMinutes ?? 1 }), LOCAL_CONFIG, JSON.parse('{}'));
  const layout = localLayout(join(store.dir, id, 'local'));
  mkdirSync(layout.workDir, { recursive: true });
  writeFileSync(join(layout.workDir, 'job.json'), JSON.stringify({ compute: { timeout_minutes: p.timeoutMinutes ?? 1 } }));
  writeFileSync(layout.pid, p.pid);
  writeFileSync(layout.startedAt, p.startedAt ?? '2001-01-01T00:00:00.000Z'); // long past any timeout
  if (p.nonce) writeFileSync(layout.nonce, p.nonce);
  if (p.exitCode !== undefined) writeFileSync(layout.exitCode, String(p.exitCode));
  writeFileSync(layout.stdout, (p.events ?? []).map((l) => `${l}\n`).join(''));
  writeFileSync(layout.stderr, '');
}

describe('a planted local run is never signalled unless it proves it is the run', () => {
  test.each([
    ['pid 1', '1'],
    ['pid 0', '0'],
    ['a negative pid', '-1'],
    ['not a number', 'all'],
  ])('%s: cancel and logs --follow send no signal', async (_what, pid) => {
    plant('20260101-000000-planted-0001', { pid });
    plant('20260101-000000-planted-0011', { pid });
    recordSignals();
    const cancel = await cliRun('cancel', '20260101-000000-planted-0001');
    const logs = await cliRun('logs', '20260101-000000-planted-0011', '--follow');
    expect(signals.filter(([, s]) => s !== 0)).toEqual([]);
    expect(cancel.out).toMatch(/nothing was stopped.*not running and recorded no exit code/);
    expect(logs.out).toMatch(/lost: Lost: The run's process is not running/);
    expect(store.readMeta('20260101-000000-planted-0001')!.state).toBe('lost');
  });

  test('the pid of another process of the user (no nonce, or a wrong one): untouched by cancel, logs --follow and the timeout', async () => {
    const victim = sacrificial();
    await new Promise((r) => victim.once('spawn', r));
    plant('20260101-000000-planted-0002', { pid: String(victim.pid) });
    plant('20260101-000000-planted-0003', { pid: String(victim.pid), nonce: newRunNonce() });
    plant('20260101-000000-planted-0004', { pid: String(victim.pid), nonce: 'x' });
    recordSignals([victim.pid!]); // even were a signal sent, the test would see the victim die
    const a = await cliRun('cancel', '20260101-000000-planted-0002');
    const b = await cliRun('logs', '20260101-000000-planted-0003', '--follow');
    const meta = store.readMeta('20260101-000000-planted-0004')!;
    const attached = await attachRun(store, meta, createLocalBackend({ python: 'python3', runsDir: store.dir, pollMs: 10 }));
    const ended = attached.status === 'attached' ? await attached.done : attached.meta;
    expect(signals.filter(([, s]) => s !== 0)).toEqual([]);
    expect(alive(victim.pid!)).toBe(true);
    expect(a.code).toBe(0);
    expect(a.out).toMatch(/no launch nonce/);
    expect(b.out).toMatch(/launch nonce differs/);
    expect(ended.state).toBe('lost'); // not timed_out: nothing was stopped
  });

  test('a run that exited 0 while VS Code was closed ends completed, and the process now holding its pid is left alone', async () => {
    const victim = sacrificial();
    await new Promise((r) => victim.once('spawn', r));
    const id = '20260101-000000-finished-0001';
    const events = happyEvents(id).map(marked);
    plant(id, { pid: String(victim.pid), nonce: newRunNonce(), exitCode: 0, events });
    recordSignals([victim.pid!]);
    const attached = await attachRun(store, store.readMeta(id)!, createLocalBackend({ python: 'python3', runsDir: store.dir, pollMs: 10 }));
    expect(attached.status).toBe('attached');
    const meta = attached.status === 'attached' ? await attached.done : attached.meta;
    expect(meta).toMatchObject({ state: 'completed', exitCode: 0 });
    expect(signals.filter(([, s]) => s !== 0)).toEqual([]);
    expect(alive(victim.pid!)).toBe(true);
  });
});

describe('a run of our own proves itself after a restart', () => {
  test('re-attached by a fresh backend (no child handle), cancel reaches its whole process group', async () => {
    const template = fakeTemplateDir({ events: [runStarted('x', 1)], sleepAfterS: 60 });
    cleanup.push(template);
    const configPath = join(root, 'quora.finetune.yaml');
    writeFileSync(configPath, LOCAL_CONFIG);
    const run = await launchRun({ store, configPath, configText: LOCAL_CONFIG, backend: createLocalBackend({ python: 'python3', runsDir: store.dir, pollMs: 20 }), templateDir: template, fileExists: existsSync });
    run.handle.detach(); // the window closes
    const layout = localLayout(join(store.dir, run.meta.id, 'local'));
    const pid = Number((await import('node:fs')).readFileSync(layout.pid, 'utf8'));
    const nonce = (await import('node:fs')).readFileSync(layout.nonce, 'utf8');
    expect(provesRunGroup(pid, nonce)).toEqual({ owned: true });
    expect(provesRunGroup(pid, newRunNonce())).toMatchObject({ owned: false });
    const cancel = await cliRun('cancel', run.meta.id);
    expect(cancel.out).toContain(`Run ${run.meta.id} cancelled.`);
    expect(alive(pid)).toBe(false);
    expect(store.readMeta(run.meta.id)!.state).toBe('cancelled');
  });
});
