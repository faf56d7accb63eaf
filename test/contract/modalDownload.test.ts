/**
 * "Download model" for a Modal run, with the real SDK against the fake control plane (whose
 * sandboxes run locally with the volume mapped to a folder): the size first, then every byte of
 * the model folder into .finetune/runs/<id>/model, which only then counts as the run's model.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import './modalHarness';
import { startFakeModal, type FakeModal } from './fakeModal/server';
import { summarize } from '../../src/core/events/reducer';
import { downloadRunModel, listRunModel } from '../../src/core/model/downloadModel';
import { DOWNLOAD_COMPLETE, runModel } from '../../src/core/model/runModel';
import type { ModalConnection } from '../../src/core/backends/modal/modalClient';
import { RunStore } from '../../src/core/runs/runStore';
import { happyEvents, makeMeta, tempDir } from '../unit/runs/runFixtures';

let fake: FakeModal;
let conn: ModalConnection;
beforeAll(async () => {
  fake = await startFakeModal({ imageBuildMs: 20, scheduleDelayMs: 10, volumes: ['ft-vol'], logChunkChars: 7000 });
  conn = { appName: 'finetune-embeddings', volumeName: 'ft-vol', serverUrl: fake.url, credentials: { tokenId: fake.tokenId, tokenSecret: fake.tokenSecret } };
});
afterAll(async () => fake?.stop());

function completedModalRun(id: string) {
  const store = new RunStore(tempDir('download-'));
  store.create(makeMeta(id, { backend: 'modal', state: 'completed', ref: 'sb-ABCDEFGHIJKLMNOPQRSTUV' }), 'task: triplet\n', { task: 'triplet', model: 'base' } as never);
  const log = store.openEventLog(id);
  for (const e of happyEvents(id)) log.append(e.type === 'completed' ? { ...e, model_path: `/vol/runs/${id}/model` } : e);
  log.close();
  const meta = store.readMeta(id)!;
  return { store, model: () => runModel(store, meta, summarize(store.readEvents(id))) };
}

/** A model folder on the fake volume: config files, a nested tokenizer folder and binary weights. */
function volumeModel(id: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {
    'config.json': Buffer.from('{"hidden_size": 32}\n'),
    'model.safetensors': randomBytes(300_000),
    '1_Pooling/config.json': Buffer.from('{"pooling_mode_mean_tokens": true}'),
    'empty.txt': Buffer.alloc(0),
  };
  const root = path.join(fake.volumeDir('ft-vol'), 'runs', id, 'model');
  for (const [rel, bytes] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), bytes);
  }
  return files;
}

/** Download folders left beside the run's model (a finished or failed download leaves none). */
function partials(store: RunStore, id: string): string[] {
  return readdirSync(store.files(id).dir).filter((n) => n.startsWith('model.'));
}

describe('downloading a Modal run\'s model', () => {
  test('the size is known first; then every file arrives byte for byte and the run\'s model is the download', async () => {
    const id = '20260101-000000-download-0001';
    const files = volumeModel(id);
    const run = completedModalRun(id);
    expect(run.model().location).toBe('volume');

    const listing = await listRunModel(conn, run.model());
    expect(listing.bytes).toBe(Object.values(files).reduce((n, b) => n + b.length, 0));
    expect(listing.files.map((f) => f.path).sort()).toEqual(Object.keys(files).sort());

    const progress: Array<[number, number]> = [];
    const dest = await downloadRunModel(conn, run.store, run.model(), (done, total) => progress.push([done, total]));
    for (const [rel, bytes] of Object.entries(files)) expect(readFileSync(path.join(dest, rel)).equals(bytes), rel).toBe(true);
    expect(existsSync(path.join(dest, DOWNLOAD_COMPLETE))).toBe(true);
    expect(progress.length).toBeGreaterThan(3);
    expect(progress.every(([, total]) => total === listing.bytes)).toBe(true);
    expect(progress.at(-1)![0]).toBe(listing.bytes);
    expect(progress.map(([d]) => d)).toEqual([...progress.map(([d]) => d)].sort((a, b) => a - b));
    expect(run.model()).toMatchObject({ location: 'downloaded', localPath: dest });
    // CPU sandboxes only: nothing on the volume was billed as a GPU.
    const defs = fake.callsOf('SandboxCreate').map((c) => (c.request as { definition: { resources?: { gpuConfig?: { gpuType?: string } } } }).definition);
    expect(defs.every((d) => !d.resources?.gpuConfig?.gpuType)).toBe(true);
  });

  test('a model missing from the volume is a clear error, and nothing is left behind', async () => {
    const id = '20260101-000000-download-0002';
    const run = completedModalRun(id);
    await expect(listRunModel(conn, run.model())).rejects.toThrow(/There is no model at \/vol\/runs\/.*-0002\/model on the Modal volume "ft-vol"/);
    await expect(downloadRunModel(conn, run.store, run.model(), () => undefined)).rejects.toThrow(/There is no model/);
    expect(existsSync(path.join(run.store.files(id).dir, 'model'))).toBe(false);
    expect(partials(run.store, id)).toEqual([]);
    expect(run.model().location).toBe('volume');
  });

  test('a cancel stops the sandbox and keeps no partial model', async () => {
    const id = '20260101-000000-download-0003';
    volumeModel(id);
    writeFileSync(path.join(fake.volumeDir('ft-vol'), 'runs', id, 'model', 'big.bin'), randomBytes(3_000_000));
    const run = completedModalRun(id);
    const abort = new AbortController();
    const done = downloadRunModel(conn, run.store, run.model(), (d) => { if (d > 100_000) abort.abort(); }, abort.signal);
    await expect(done).rejects.toThrow(/cancelled/);
    expect(existsSync(path.join(run.store.files(id).dir, 'model'))).toBe(false);
    expect(partials(run.store, id)).toEqual([]);
  });

  test('two downloads of one model at once (two windows, or VS Code and the CLI) leave one complete model, byte for byte', async () => {
    const id = '20260101-000000-download-0004';
    // Large enough that the two streams overlap even on a loaded machine (each takes ~1 s to arrive).
    const files = { ...volumeModel(id), 'big.bin': randomBytes(16_000_000) };
    writeFileSync(path.join(fake.volumeDir('ft-vol'), 'runs', id, 'model', 'big.bin'), files['big.bin']);
    const run = completedModalRun(id);
    // Two windows: each its own store object on the same workspace.
    const other = new RunStore(run.store.root);
    const seen: Array<{ who: number; t: number }> = [];
    const results = await Promise.allSettled([run.store, other].map((store, who) =>
      downloadRunModel(conn, store, run.model(), () => seen.push({ who, t: seen.length }))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    // They really overlapped: the second had started receiving before the first was done.
    const last0 = Math.max(...seen.filter((s) => s.who === 0).map((s) => s.t));
    const first1 = Math.min(...seen.filter((s) => s.who === 1).map((s) => s.t));
    const last1 = Math.max(...seen.filter((s) => s.who === 1).map((s) => s.t));
    const first0 = Math.min(...seen.filter((s) => s.who === 0).map((s) => s.t));
    expect(first1 < last0 && first0 < last1).toBe(true);
    const dest = path.join(run.store.files(id).dir, 'model');
    const on = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? on(path.join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));
    expect(on(dest).sort()).toEqual([...Object.keys(files), DOWNLOAD_COMPLETE].sort());
    for (const [rel, bytes] of Object.entries(files)) expect(readFileSync(path.join(dest, rel)).equals(bytes), rel).toBe(true);
    expect(partials(run.store, id)).toEqual([]);
    expect(run.model()).toMatchObject({ location: 'downloaded', localPath: dest });
  });
});
