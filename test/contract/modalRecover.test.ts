/**
 * A run whose sandbox Modal no longer knows: re-attaching reads the template's own copy of the
 * events from the volume (through a small CPU sandbox, since the SDK cannot read volume files).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backendFor } from './modalHarness';
import { startFakeModal, type FakeModal } from './fakeModal/server';
import { attachRun } from '../../src/core/runs/attachRun';
import { RunStore } from '../../src/core/runs/runStore';
import { happyEvents, makeMeta, tempDir } from '../unit/runs/runFixtures';

let fake: FakeModal;
beforeAll(async () => {
  fake = await startFakeModal({ imageBuildMs: 20, scheduleDelayMs: 10, volumes: ['ft-vol'] });
});
afterAll(async () => fake?.stop());

function runningRecord(id: string, knownSeqs: number) {
  const store = new RunStore(tempDir('recover-'));
  store.create(makeMeta(id, { state: 'running', ref: 'sb-ABCDEFGHIJKLMNOPQRSTUV', backend: 'modal' }), 'task: triplet\n', {} as never);
  const log = store.openEventLog(id);
  happyEvents(id).slice(0, knownSeqs).forEach((e) => log.append(e));
  log.close();
  return store;
}

function volumeCopy(id: string, lines: string[]) {
  const dir = path.join(fake.volumeDir('ft-vol'), 'runs', id);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'events.jsonl'), lines.join('\n') + '\n');
}

describe('re-attaching to a sandbox Modal no longer knows', () => {
  test('the events the store missed come from the volume, and a run that completed meanwhile ends completed', async () => {
    const id = '20260101-000000-recovered-0001';
    const store = runningRecord(id, 3);
    const all = happyEvents(id);
    volumeCopy(id, all.map((e) => JSON.stringify(e)));
    const before = fake.callsOf('SandboxCreate').length;
    const result = await attachRun(store, store.readMeta(id)!, backendFor(fake));
    expect(result.status).toBe('lost'); // the sandbox itself is gone...
    expect(store.readMeta(id)!.state).toBe('completed'); // ...but its own record says it completed
    expect(store.readEvents(id).map((e) => e.seq)).toEqual(all.map((e) => e.seq)); // no duplicate, none missing
    const reader = fake.callsOf('SandboxCreate').slice(before).map((c) => (c.request as { definition: { entrypointArgs: string[]; resources?: { gpuConfig?: { gpuType?: string } } } }).definition);
    expect(reader).toHaveLength(1);
    expect(reader[0]!.resources?.gpuConfig?.gpuType ?? '').toBe(''); // a CPU sandbox, no GPU billed
    expect(reader[0]!.entrypointArgs.at(-1)).toBe(`/vol/runs/${id}/events.jsonl`);
  });

  test('without a copy on the volume the run is marked lost, keeping what was recorded', async () => {
    const id = '20260101-000000-nothing-0002';
    const store = runningRecord(id, 2);
    await attachRun(store, store.readMeta(id)!, backendFor(fake));
    const meta = store.readMeta(id)!;
    expect(meta.state).toBe('lost');
    expect(meta.message).toContain('Events recorded so far are kept');
    expect(store.readEvents(id)).toHaveLength(2);
  });
});
