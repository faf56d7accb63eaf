import { describe, expect, test } from 'vitest';
import type { RunEvent } from '../../../src/core/events/protocol';
import { RunSink } from '../../../src/core/runs/runSink';
import { RunStore } from '../../../src/core/runs/runStore';
import { evalEvent, happyEvents, makeMeta, marked, tempDir } from './runFixtures';

const ts = '2026-11-26T22:00:00.000Z';
const trialStarted = (seq: number, trial: number): RunEvent => ({ v: 1, run_id: 'sw', seq, ts, type: 'trial_started', trial, params: { learning_rate: 1e-5 }, worker: 0, trial_run_id: `sw-trial-${trial}` });
const trialFinished = (seq: number, trial: number, state: 'complete' | 'pruned'): RunEvent => ({ v: 1, run_id: 'sw', seq, ts, type: 'trial_finished', trial, state, value: 0.8, params: { learning_rate: 1e-5 }, worker: 0 });

describe('a sweep worker\'s trial events', () => {
  test('go to one record per trial, numbered on their own, and the trial ends with the worker\'s trial_finished', () => {
    const store = new RunStore(tempDir('trial-router-'));
    store.create(makeMeta('sw', { kind: 'sweep' }), 'task: triplet\n', {} as never);
    store.create(makeMeta('sw-w0', { kind: 'worker', parentId: 'sw' }), 'task: triplet\n', { name: 'job' } as never);
    const seen: string[] = [];
    const sink = new RunSink(store, 'sw-w0', (u) => { if (u.kind === 'event') seen.push(u.runId); });
    const trial0 = happyEvents('sw-trial-0');
    const trial1 = [evalEvent('sw-trial-1', 1, 10, 0.5)];
    const lines = [trialStarted(1, 0), ...trial0.slice(0, 3), trialStarted(2, 1), ...trial1, ...trial0.slice(3), trialFinished(3, 0, 'complete'), trialFinished(4, 1, 'pruned')];
    lines.forEach((e, i) => sink.onStdoutLine(marked(e), i));
    sink.close();

    expect(store.readEvents('sw-w0').map((e) => e.type)).toEqual(['trial_started', 'trial_started', 'trial_finished', 'trial_finished']);
    expect(store.readEvents('sw-t0').map((e) => e.seq)).toEqual(trial0.map((e) => e.seq)); // nothing lost to seq dedupe across streams
    expect(store.readEvents('sw-t1')).toHaveLength(1);
    const t0 = store.readMeta('sw-t0')!;
    expect([t0.kind, t0.parentId, t0.state]).toEqual(['trial', 'sw', 'completed']);
    expect(store.readMeta('sw-t1')!.state).toBe('cancelled');
    expect(store.readMeta('sw-t1')!.message).toContain('pruned');
    expect(seen).toContain('sw-t0');
  });

  test('a plain run (no sweep parent) keeps events of any run id in its own log', () => {
    const store = new RunStore(tempDir('trial-router-'));
    store.create(makeMeta('solo'), 'task: triplet\n', {} as never);
    const sink = new RunSink(store, 'solo');
    sink.onStdoutLine(marked(evalEvent('x-trial-2', 1, 10, 0.5)), 0);
    sink.close();
    expect(store.readEvents('solo')).toHaveLength(1);
    expect(store.readMeta('solo-t2')).toBeUndefined();
  });

  test('a trial left running when its sweep ends is marked lost, not left spinning', async () => {
    const { settleSweep } = await import('../../../src/core/sweeps/finishSweep');
    const store = new RunStore(tempDir('trial-router-'));
    store.create(makeMeta('sw', { kind: 'sweep', state: 'running' }), 'task: triplet\n', {} as never);
    store.create(makeMeta('sw-w0', { kind: 'worker', parentId: 'sw', state: 'cancelled' }), 'task: triplet\n', {} as never);
    const sink = new RunSink(store, 'sw-w0');
    sink.onStdoutLine(marked(trialStarted(1, 0)), 0);
    sink.onStdoutLine(marked(evalEvent('sw-trial-0', 1, 10, 0.5)), 1);
    sink.close();
    expect(store.readMeta('sw-t0')!.state).toBe('running');
    const sweep = await settleSweep(store, 'sw');
    expect(sweep.state).toBe('cancelled');
    expect(store.readMeta('sw-t0')!.state).toBe('lost');
  });
});
