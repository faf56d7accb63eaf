import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { RunSink, type RunUpdate } from '../../../src/core/runs/runSink';
import { RunStore } from '../../../src/core/runs/runStore';
import { makeMeta, tempDir } from './runFixtures';

describe('a long launch step\'s progress', () => {
  test('reaches the listener every time, with its fraction, and the run log once per 5%', () => {
    const store = new RunStore(tempDir('launch-progress-'));
    store.create(makeMeta('up'), 'task: triplet\n', {} as never);
    const seen: RunUpdate[] = [];
    const sink = new RunSink(store, 'up', (u) => seen.push(u));
    sink.onProgress('hashing data.jsonl');
    for (let i = 0; i <= 400; i++) sink.onProgress(`uploading the dataset: ${i} of 400 MB`, i / 400);
    sink.close();

    const progress = seen.filter((u): u is Extract<RunUpdate, { kind: 'progress' }> => u.kind === 'progress');
    expect(progress).toHaveLength(402);
    expect(progress[0]).toEqual({ kind: 'progress', runId: 'up', message: 'hashing data.jsonl' });
    expect(progress.at(-1)).toMatchObject({ fraction: 1, message: 'uploading the dataset: 400 of 400 MB' });
    const lines = readFileSync(store.files('up').log, 'utf8').split('\n').filter((l) => l.includes('[launch] '));
    // The hashing line, then 0%, 5%, ..., 100%: 21 steps, each logged once at its first line.
    expect(lines).toHaveLength(22);
    expect(lines[1]).toMatch(/uploading the dataset: 0 of 400 MB$/);
    expect(lines[2]).toMatch(/uploading the dataset: 20 of 400 MB$/);
    expect(lines.at(-1)).toMatch(/400 of 400 MB$/);
  });
});
