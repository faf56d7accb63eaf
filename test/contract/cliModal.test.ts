/**
 * The CLI (runCli in-process) against the fake Modal control plane, in a temp workspace holding
 * a copy of examples/. The backend reads MODAL_SERVER_URL / MODAL_TOKEN_ID / MODAL_TOKEN_SECRET
 * like a user's terminal would. The real gpu-templates/finetune.py runs in the "sandbox" and
 * fails here with one `error` event (sentence-transformers is not installed): that is the
 * expected end of a launch on this machine.
 */
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { processGone } from './modalHarness'; // first: isolates the SDK from ~/.modal.toml and MODAL_*
import { startFakeModal, type FakeModal } from './fakeModal/server';
import { cliRun } from '../fixtures/cliRun';
import { RunStore } from '../../src/core/runs/runStore';
import type { RunMeta } from '../../src/core/runs/runMeta';
import type { RunRow } from '../../src/cli/commands/runs';

const EXAMPLE = 'examples/quora-duplicates.finetune.yaml';
const REPO = resolve(__dirname, '..', '..');

let fake: FakeModal;
/** A second fake whose `python` runs the template, then stays alive: a run still going when cancelled. */
let slowFake: FakeModal;
let ws: string;
let wrapperDir: string;
const cwdBefore = process.cwd();

beforeAll(async () => {
  wrapperDir = mkdtempSync(join(tmpdir(), 'fte-cli-bin-'));
  const wrapper = join(wrapperDir, 'python-then-wait');
  writeFileSync(wrapper, '#!/bin/sh\npython3 "$@"\nexec sleep 120\n');
  chmodSync(wrapper, 0o755);
  [fake, slowFake] = await Promise.all([
    startFakeModal({ imageBuildMs: 50, scheduleDelayMs: 20 }),
    startFakeModal({ imageBuildMs: 50, scheduleDelayMs: 20, commandAliases: { python: wrapper } }),
  ]);
  ws = mkdtempSync(join(tmpdir(), 'fte-cli-ws-'));
  cpSync(join(REPO, 'examples'), join(ws, 'examples'), { recursive: true });
  process.chdir(ws);
});

afterAll(async () => {
  process.chdir(cwdBefore);
  await Promise.all([fake?.stop(), slowFake?.stop()]);
  rmSync(ws, { recursive: true, force: true });
  rmSync(wrapperDir, { recursive: true, force: true });
});

const ENV_KEYS = ['MODAL_SERVER_URL', 'MODAL_TOKEN_ID', 'MODAL_TOKEN_SECRET'] as const;
afterEach(() => {
  for (const k of ENV_KEYS) delete process.env[k];
});

function useFake(f: FakeModal, creds: { id?: string; secret?: string } = { id: f.tokenId, secret: f.tokenSecret }): void {
  process.env.MODAL_SERVER_URL = f.url;
  for (const [k, v] of [['MODAL_TOKEN_ID', creds.id], ['MODAL_TOKEN_SECRET', creds.secret]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

const cli = cliRun;

const store = () => new RunStore(process.cwd());
const newest = (): RunMeta => store().list()[0]!;

describe('finetune-embeddings CLI against the fake Modal', () => {
  let launchedId = '';

  test('launch --backend modal: one A10G sandbox, 250-minute timeout, a volume; the template failure is a failed run', async () => {
    useFake(fake);
    const r = await cli('launch', EXAMPLE, '--backend', 'modal');
    expect(r.code, r.out + r.err).toBe(1);
    expect(r.err).toBe('');
    const meta = newest();
    launchedId = meta.id;
    expect(meta).toMatchObject({ backend: 'modal', state: 'failed', exitCode: 1, gpu: 'A10G', timeoutMinutes: 250, configPath: EXAMPLE });
    expect(meta.ref).toMatch(/^sb-[A-Za-z0-9]{22}$/);
    expect(meta.message).toMatch(/not installed/);
    expect(meta.message).toContain('sentence-transformers');
    expect(r.out).toContain(`Run ${meta.id} (modal, A10G) started: ${meta.ref}`);
    expect(r.out).toContain('error (environment)');
    expect(r.out).toContain(`Run ${meta.id} failed: ${meta.message}`);

    const creates = fake.callsOf('SandboxCreate');
    expect(creates).toHaveLength(1);
    const def = creates[0]!.request.definition as any; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(def.resources.gpuConfig).toMatchObject({ gpuType: 'A10G', count: 1 });
    expect(def.resources).toMatchObject({ milliCpu: 4000, memoryMb: 16384 }); // the A10G's CPU and memory request
    expect(meta.pricePerHour).toBeCloseTo(1.1 + 4 * 0.0000131 * 3600 + 16 * 0.00000222 * 3600); // and what they cost
    expect(def.timeoutSecs * 1000).toBe(15_000_000);
    expect(def.volumeMounts).toHaveLength(1);
    expect(def.volumeMounts[0].mountPath).toBe('/vol');
    expect(fake.sandboxes.has(meta.ref!)).toBe(true);
    expect(fake.calls.filter((c) => c.code === 12)).toEqual([]); // nothing unimplemented was called

    const events = store().readEvents(meta.id);
    expect(events.map((e) => e.type)).toEqual(['error']);
    expect(events[0]).toMatchObject({ type: 'error', category: 'environment', run_id: meta.id });
    expect(readFileSync(store().files(meta.id).config, 'utf8')).toBe(readFileSync(join(ws, EXAMPLE), 'utf8'));
  });

  test('runs --json lists the run with its state, backend and sandbox id', async () => {
    const r = await cli('runs', '--json');
    expect(r.code).toBe(0);
    const rows = (JSON.parse(r.out) as { runs: RunRow[] }).runs;
    const row = rows.find((x) => x.id === launchedId);
    expect(row).toMatchObject({ state: 'failed', backend: 'modal', config: EXAMPLE, primaryMetric: 'eval_dev_cosine_ap', baseline: null, best: null });
    expect(row!.sandboxId).toBe(store().readMeta(launchedId)!.ref);
    expect(row!.sandboxId).toMatch(/^sb-/);
    const text = await cli('runs');
    expect(text.out).toMatch(new RegExp(`${launchedId}\\s+failed\\s+modal .*${row!.sandboxId}`));
  });

  test('logs RUN prints the run log, its events and how it ended', async () => {
    const r = await cli('logs', launchedId.slice(0, -2)); // a unique prefix works too
    expect(r.code).toBe(0);
    const log = store().readLog(launchedId);
    expect(log).toContain('[launch] building image');
    expect(r.out).toContain(log.trimEnd());
    expect(r.out).toContain('error (environment): The Python packages');
    expect(r.out.split('\n').at(-1)).toBe(`— failed: ${store().readMeta(launchedId)!.message}`);
    expect((await cli('logs', 'no-such-run')).code).toBe(2);
  });

  test('launch --detach, then cancel RUN: SandboxTerminate, the sandbox process gone, state cancelled', async () => {
    useFake(slowFake);
    const r = await cli('launch', EXAMPLE, '--backend', 'modal', '--detach');
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toContain('Detached.');
    const meta = newest();
    // --detach leaves nothing waiting on the sandbox (an open SandboxWait would keep the terminal busy).
    const waitsAfterDetach = slowFake.callsOf('SandboxWait').length;
    expect(meta.state).toBe('running');
    expect(meta.ref).toMatch(/^sb-/);
    const sandbox = slowFake.sandboxes.get(meta.ref!)!;
    expect(processGone(sandbox.pid)).toBe(false);
    expect(slowFake.callsOf('SandboxTerminate')).toEqual([]);
    await new Promise((res) => setTimeout(res, 300));
    expect(slowFake.callsOf('SandboxWait').length).toBe(waitsAfterDetach);

    const c = await cli('cancel', meta.id);
    expect(c.code, c.out + c.err).toBe(0);
    expect(c.out).toContain(`Cancelling ${meta.id} (${meta.ref})`);
    expect(slowFake.callsOf('SandboxTerminate').map((x) => x.request.sandboxId)).toEqual([meta.ref]);
    expect(processGone(sandbox.pid)).toBe(true);
    const after = store().readMeta(meta.id)!;
    expect(after.state).toBe('cancelled');
    expect(after.endedAt).not.toBeNull();
    // Nothing left over from the detached launch rewrites the outcome later.
    await new Promise((res) => setTimeout(res, 1000));
    expect(store().readMeta(meta.id)!.state).toBe('cancelled');
    const ends = store().readLog(meta.id).match(/^\[end\].*$/gm) ?? [];
    expect(ends).toHaveLength(1); // one follower recorded the end: the detached launch did not
    expect(ends[0]).toMatch(/^\[end\] cancelled/);
    expect((await cli('cancel', meta.id)).out).toContain('already ended: cancelled');
  });

  test('rejected credentials: a clear "Sign in to Modal" message, exit 1, no stack trace, no sandbox', async () => {
    useFake(fake, { id: fake.tokenId, secret: 'wrong-secret' });
    const before = fake.callsOf('SandboxCreate').length;
    const r = await cli('launch', EXAMPLE, '--backend', 'modal');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Sign in to Modal/);
    expect(r.err).toMatch(/MODAL_TOKEN_ID/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(r.err).not.toContain('wrong-secret');
    expect(fake.callsOf('SandboxCreate').length).toBe(before);
    expect(newest()).toMatchObject({ state: 'failed', ref: null });
  });

  test('missing credentials: the message names the environment variables to set', async () => {
    useFake(fake, {});
    const r = await cli('launch', EXAMPLE, '--backend', 'modal');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Sign in to Modal/);
    expect(r.err).toContain('MODAL_TOKEN_ID');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  describe('an unknown sandbox id on re-attach: state lost, no crash', () => {
    function recordRunning(id: string): RunMeta {
      const s = store();
      const meta: RunMeta = {
        version: 1, id, name: 'quora-duplicates', configPath: EXAMPLE, backend: 'modal', state: 'running',
        createdAt: '2020-01-01T00:00:00.000Z', endedAt: null, ref: 'sb-ZZZZZZZZZZZZZZZZZZZZZ1', gpu: 'A10G', gpuCount: 1,
        pricePerHour: 1.1, timeoutMinutes: 250, primaryMetric: 'eval_dev_cosine_ap', exitCode: null, message: null,
        cursor: { stdoutLines: 0, stderrLines: 0 },
      };
      expect(meta.ref).toMatch(/^sb-[A-Za-z0-9]{22}$/);
      s.create(meta, 'x', {} as never);
      s.appendLog(id, 'recorded before the restart');
      return meta;
    }

    test('cancel', async () => {
      useFake(fake);
      const meta = recordRunning('20200101-000000-ghost-cancel');
      const r = await cli('cancel', meta.id);
      expect(r.code, r.out + r.err).toBe(0);
      expect(r.out).toContain('is not running on modal; nothing was stopped. Lost: Modal no longer knows sandbox');
      const after = store().readMeta(meta.id)!;
      expect(after.state).toBe('lost');
      expect(after.message).toContain(meta.ref!);
      expect(store().readLog(meta.id)).toContain('recorded before the restart');
      expect(fake.callsOf('SandboxTerminate').some((c) => c.request.sandboxId === meta.ref)).toBe(false);
    });

    test('logs --follow', async () => {
      useFake(fake);
      const meta = recordRunning('20200101-000000-ghost-logs');
      const r = await cli('logs', meta.id, '--follow');
      expect(r.code, r.out + r.err).toBe(0);
      expect(r.out).toContain('recorded before the restart');
      expect(r.out.split('\n').at(-1)).toMatch(/^— lost: Lost: Modal no longer knows sandbox sb-ZZZZ/);
      expect(store().readMeta(meta.id)!.state).toBe('lost');
    });
  });
});
