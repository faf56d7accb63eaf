/**
 * Run ids and parent ids come from run.json files in the workspace. A planted id that climbs
 * ("a/../../..") must be refused with a message wherever it would become a path: listing,
 * deleting, re-attaching, and the CLI.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createLocalBackend } from '../../../src/core/backends/local/localBackend';
import { RunStore } from '../../../src/core/runs/runStore';
import { cliRun } from '../../fixtures/cliRun';
import { LOCAL_CONFIG, makeMeta, tempDir } from '../runs/runFixtures';

const cleanup: string[] = [];
afterAll(() => { for (const d of cleanup) rmSync(d, { recursive: true, force: true }); });

let root: string;
let store: RunStore;
let cwd: string;
beforeEach(() => {
  root = tempDir('fte-climb-');
  cleanup.push(root);
  store = new RunStore(root);
  cwd = process.cwd();
  process.chdir(root);
  writeFileSync(join(root, 'keep.txt'), 'the user\'s file');
});
afterEach(() => process.chdir(cwd));

function plantRaw(folder: string, meta: object): void {
  mkdirSync(join(store.dir, folder), { recursive: true });
  writeFileSync(join(store.dir, folder, 'run.json'), JSON.stringify(meta));
}

describe('planted run ids', () => {
  test('a run.json whose id climbs is listed nowhere, refused with a reason, and cannot be deleted into the workspace', async () => {
    plantRaw('x', makeMeta('a/../../..', { state: 'completed' }));
    plantRaw('20260101-000000-child-0001', makeMeta('20260101-000000-child-0001', { state: 'running', kind: 'worker', parentId: '../../../escape' }));
    store.create(makeMeta('20260101-000000-honest-0001', { state: 'completed' }), LOCAL_CONFIG, JSON.parse('{}'));
    expect(store.list().map((m) => m.id)).toEqual(['20260101-000000-honest-0001']);
    expect(store.refused).toHaveLength(2);
    expect(store.refused).toEqual(expect.arrayContaining([
      { folder: '20260101-000000-child-0001', reason: 'its parentId "../../../escape" is not a run id' },
      { folder: 'x', reason: 'its run.json names the id "a/../../..", not the folder\'s' },
    ]));
    expect(() => store.delete('a/../../..')).toThrow(/is not a run id/);
    expect(() => store.files('..')).toThrow(/is not a run id/);
    expect(store.readMeta('x')).toBeUndefined();
    expect(existsSync(join(root, 'keep.txt'))).toBe(true);
  });

  test('the CLI names the refused folders and refuses a climbing id with exit 2', async () => {
    plantRaw('x', makeMeta('a/../../..', { state: 'running' }));
    const runs = await cliRun('runs');
    expect(runs.err).toContain('runs: ignored .finetune/runs/x: its run.json names the id "a/../../..", not the folder\'s.');
    for (const cmd of ['cancel', 'logs']) {
      const r = await cliRun(cmd, 'a/../../..');
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${cmd}: "a/../../.." is not a run id`);
    }
    expect(readdirSync(root).sort()).toEqual(['.finetune', 'keep.txt']);
  });

  test('a local ref that climbs is not followed', async () => {
    const backend = createLocalBackend({ python: 'python3', runsDir: store.dir });
    const r = await backend.reattach('local:../../../etc', { onStdoutLine: () => undefined });
    expect(r).toEqual({ status: 'lost', reason: '"local:../../../etc" is not a local run reference.' });
  });
});
