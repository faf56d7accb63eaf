import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { newRunNonce } from '../../src/core/backends/local/processProof';
import type { RunMeta } from '../../src/core/runs/runMeta';
import { RunStore } from '../../src/core/runs/runStore';
import { startFakeModal, type FakeModal } from '../contract/fakeModal/server.js';
import { launchBrowser, type BrowserSession } from './harness/browser.js';
import { copyServerLogs, startTestServer, stopTestServer, type TestServer } from './harness/codeServer.js';
import { waitForRunsTree } from './harness/panel.js';
import { resultsDir } from './harness/paths.js';
import { openFile, paletteHas, runCommand, waitForWorkbench, waitUntil } from './harness/workbench.js';

// A folder from a stranger, opened in a real VS Code with workspace trust on (the suite's own
// server turns trust off). The folder holds what a hostile repository could commit: a run
// record "running" locally whose pid is another process of the user's (the test's sacrificial
// one), a Modal run record, and a .vscode/settings.json naming its own "python" for the data
// check. In Restricted Mode nothing may run, signal or use the Modal token; once the user
// trusts the folder, re-attach starts, and even then nothing the run cannot prove is signalled.

const LOCAL_ID = '20260101-000000-planted-local-0001';
const MODAL_ID = '20260101-000000-planted-modal-0001';
const SANDBOX = 'sb-PLANTEDplanted0123456789'.slice(0, 25);

function meta(id: string, over: Partial<RunMeta>): RunMeta {
  return {
    version: 1, id, name: 'planted', configPath: 'planted.finetune.yaml', backend: 'local', state: 'running', createdAt: '2026-01-01T00:00:00.000Z',
    endedAt: null, ref: null, gpu: null, gpuCount: 1, pricePerHour: 0, timeoutMinutes: 1, primaryMetric: 'eval_dev_cosine_ap', exitCode: null,
    message: null, cursor: { stdoutLines: 0, stderrLines: 0 }, ...over,
  };
}

/** The planted folder; `marker` is created if its "python" ever runs. */
function plant(victimPid: number): { folder: string; marker: string } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'fte-stranger-'));
  const marker = path.join(folder, '..', `${path.basename(folder)}-python-ran`);
  fs.writeFileSync(path.join(folder, 'planted.finetune.yaml'), `task: duplicate-classification
model: sentence-transformers/all-MiniLM-L6-v2
dataset:
  path: data/pairs.jsonl
  columns: { text1: a, text2: b, label: y }
loss: OnlineContrastiveLoss
evaluator: BinaryClassificationEvaluator
compute: { backend: local, timeout_minutes: 1 }
`);
  fs.mkdirSync(path.join(folder, 'data'));
  fs.writeFileSync(path.join(folder, 'data', 'pairs.jsonl'), Array.from({ length: 20 }, (_, i) => JSON.stringify({ a: `q${i}`, b: `p${i}`, y: i % 2 })).join('\n'));
  const python = path.join(folder, 'tools', 'python');
  fs.mkdirSync(path.dirname(python));
  fs.writeFileSync(python, `#!/bin/sh\ntouch '${marker}'\nexec python3 "$@"\n`, { mode: 0o755 });
  fs.mkdirSync(path.join(folder, '.vscode'));
  fs.writeFileSync(path.join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'finetuneEmbeddings.local.pythonPath': python }));
  const store = new RunStore(folder);
  store.create(meta(LOCAL_ID, { ref: `local:${LOCAL_ID}` }), '', JSON.parse('{}'));
  const local = path.join(store.files(LOCAL_ID).dir, 'local');
  fs.mkdirSync(local);
  fs.writeFileSync(path.join(local, 'pid'), String(victimPid));
  fs.writeFileSync(path.join(local, 'nonce'), newRunNonce());
  fs.writeFileSync(path.join(local, 'started_at'), '2001-01-01T00:00:00.000Z'); // its timeout long past
  fs.writeFileSync(path.join(local, 'job.json'), JSON.stringify({ compute: { timeout_minutes: 1 } }));
  fs.writeFileSync(path.join(local, 'stdout.log'), '');
  fs.writeFileSync(path.join(local, 'stderr.log'), '');
  store.create(meta(MODAL_ID, { backend: 'modal', ref: SANDBOX, gpu: 'A10G', pricePerHour: 1.1 }), '', JSON.parse('{}'));
  return { folder, marker };
}

const alive = (pid: number) => { try { process.kill(pid, 0); return true; } catch { return false; } };

describe('a folder from a stranger, in Restricted Mode', () => {
  let fake: FakeModal;
  let server: TestServer;
  let session: BrowserSession;
  let victim: ChildProcess;
  let folder: string;
  let marker: string;
  let store: RunStore;

  beforeAll(async () => {
    victim = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
    await new Promise((r) => victim.once('spawn', r));
    ({ folder, marker } = plant(victim.pid!));
    store = new RunStore(folder);
    // Its own control plane: every call it sees comes from this window.
    fake = await startFakeModal({ imageBuildMs: 30, scheduleDelayMs: 20 });
    server = await startTestServer({ MODAL_SERVER_URL: fake.url, MODAL_TOKEN_ID: fake.tokenId, MODAL_TOKEN_SECRET: fake.tokenSecret }, { name: 'restricted', workspace: folder, workspaceTrust: true });
    session = await launchBrowser(inject('chromiumPath'));
    await waitForWorkbench(session.page, server.folderUrl(folder));
  }, 180_000);

  afterAll(async () => {
    await session?.page.screenshot({ path: path.join(resultsDir, 'restricted-mode.png') }).catch(() => undefined);
    await session?.close();
    if (server) {
      copyServerLogs(server.userDataDir, path.join(resultsDir, 'restricted-mode-vscode-logs'));
      await stopTestServer(server);
    }
    await fake?.stop();
    if (victim?.exitCode === null) victim.kill('SIGKILL');
    if (folder) fs.rmSync(folder, { recursive: true, force: true });
    if (marker) fs.rmSync(marker, { force: true });
  });

  it('runs nothing, signals nothing and uses no token, while the run explorer still shows the records', async () => {
    const { page } = session;
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    // The extension is active (it lists the planted runs, reading is harmless)…
    await waitForRunsTree(page, (rows) => rows.some((r) => r.label === 'Running (2)'), 'the planted runs listed under Running', 60_000);
    // …and the config with a local dataset is open, which in a trusted folder starts the data check.
    await openFile(page, 'planted.finetune.yaml');
    expect(await paletteHas(page, 'Fine-tune Embeddings: Cancel Run', 5_000)).toBe(false);
    expect(await paletteHas(page, 'Fine-tune Embeddings: Check Data', 5_000)).toBe(false);
    await new Promise((r) => setTimeout(r, 8_000)); // longer than the data check's debounce and any re-attach
    expect(fake.calls.map((c) => c.method)).toEqual([]);
    expect(fs.existsSync(marker)).toBe(false);
    expect(alive(victim.pid!)).toBe(true);
    expect(store.readMeta(LOCAL_ID)).toMatchObject({ state: 'running', message: null });
    expect(store.readMeta(MODAL_ID)).toMatchObject({ state: 'running', message: null });
  }, 120_000);

  it('once trusted, the runs are re-attached; the planted pid is still never signalled', async () => {
    const { page } = session;
    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    const trust = page.getByRole('button', { name: /^Trust$/ }).first();
    await trust.waitFor({ state: 'visible', timeout: 20_000 });
    await trust.click();
    // Re-attach starts on the grant: the local record cannot prove its process, the sandbox is unknown to Modal.
    await waitUntil('both planted runs re-attached and found lost', async () => {
      const states = [store.readMeta(LOCAL_ID)?.state, store.readMeta(MODAL_ID)?.state];
      return states.every((s) => s === 'lost') ? true : undefined;
    }, 60_000, 500);
    expect(store.readMeta(LOCAL_ID)!.message).toMatch(/not running and recorded no exit code.*launch nonce differs/);
    expect(fake.callsOf('SandboxWait').length + fake.callsOf('SandboxGetTaskId').length).toBeGreaterThan(0); // the token is used now, and only now
    expect(alive(victim.pid!)).toBe(true);
  }, 120_000);
});
