/**
 * How a followed run ends: only the run's own result ends it. Losing contact for good leaves it
 * active (to re-attach); a run the backend no longer knows takes its end from its own copy of
 * the events, else it is lost; a launch that left its sandbox running keeps its record active.
 */
import { describe, expect, test } from 'vitest';
import { LaunchLeftRunningError, type ExitInfo, type JobBackend, type RunHandle } from '../../../src/core/backends/jobBackend';
import { finishRun } from '../../../src/core/runs/finishRun';
import { recordLaunchFailure } from '../../../src/core/runs/launchRun';
import { runHeadline } from '../../../src/core/runs/runHeadline';
import { RunSink } from '../../../src/core/runs/runSink';
import { RunStore } from '../../../src/core/runs/runStore';
import { summarize } from '../../../src/core/events/reducer';
import type { JobSpec } from '../../../src/core/job/jobSpec';
import { happyEvents, makeMeta, marked, tempDir } from './runFixtures';

const job = { name: 'quora' } as unknown as JobSpec;

function handle(wait: () => Promise<ExitInfo>): RunHandle {
  return { ref: 'sb-x', wait, cancel: async () => undefined, cursor: () => ({ stdoutLines: 0, stderrLines: 0 }), detach: () => undefined };
}

function running(id: string, printed: number) {
  const store = new RunStore(tempDir('finish-'));
  store.create(makeMeta(id, { state: 'running', ref: 'sb-x', backend: 'modal', connection: 'reconnecting' }), '', job);
  const sink = new RunSink(store, id);
  happyEvents(id).slice(0, printed).forEach((e, i) => sink.onStdoutLine(marked(e), i));
  return { store, sink };
}

const backendWith = (lines: string[] | Error): JobBackend => ({
  kind: 'modal',
  launch: async () => { throw new Error('unused'); },
  reattach: async () => ({ status: 'lost', reason: 'unused' }),
  recoverEvents: async () => { if (lines instanceof Error) throw lines; return lines; },
});

describe('finishRun', () => {
  test('following fails for good (a rejected token): the run stays active, to re-attach later', async () => {
    const { store, sink } = running('r1', 3);
    const meta = await finishRun(store, 'r1', handle(async () => { throw new Error('Sign in to Modal again'); }), sink);
    expect(meta.state).toBe('running');
    expect(meta.endedAt).toBeNull();
    expect(meta.connection).toBeNull();
    expect(store.readLog('r1')).toMatch(/\[detached\] Stopped following the run: Sign in to Modal again It may still be running/);
  });

  test('the backend lost the run, which completed meanwhile: its own copy of the events says so', async () => {
    const { store, sink } = running('r2', 3);
    const all = happyEvents('r2');
    const meta = await finishRun(store, 'r2', handle(async () => ({ outcome: 'lost', exitCode: null, message: 'Modal no longer knows sandbox sb-x.' })), sink, undefined, backendWith(all.map((e) => JSON.stringify(e))));
    expect(meta.state).toBe('completed');
    expect(store.readEvents('r2').map((e) => e.seq)).toEqual(all.map((e) => e.seq));
    expect(meta.connection).toBeNull();
  });

  test('the backend lost the run and no copy says how it ended: lost, not failed, events kept', async () => {
    const { store, sink } = running('r3', 3);
    const meta = await finishRun(store, 'r3', handle(async () => ({ outcome: 'lost', exitCode: null, message: 'Modal no longer knows sandbox sb-x.' })), sink, undefined, backendWith(new Error('volume unreachable')));
    expect(meta.state).toBe('lost');
    expect(meta.message).toMatch(/^Lost: Modal no longer knows sandbox sb-x\. Events recorded so far are kept\.$/);
    expect(store.readEvents('r3')).toHaveLength(3);
  });
});

describe('recordLaunchFailure', () => {
  test('a failed launch is failed; one that left its sandbox running stays active with its id; one cancelled meanwhile stays cancelled', () => {
    const store = new RunStore(tempDir('launchfail-'));
    store.create(makeMeta('a'), '', job);
    recordLaunchFailure(store, 'a', new Error('Could not reach Modal'));
    expect(store.readMeta('a')).toMatchObject({ state: 'failed', message: 'Could not reach Modal' });

    store.create(makeMeta('b'), '', job);
    recordLaunchFailure(store, 'b', new LaunchLeftRunningError('Sending the job files failed.', 'sb-ABCDEFGHIJKLMNOPQRSTUV'));
    expect(store.readMeta('b')).toMatchObject({ state: 'starting', ref: 'sb-ABCDEFGHIJKLMNOPQRSTUV', endedAt: null });
    expect(store.readMeta('b')!.message).toMatch(/cancel the run to stop it/);

    store.create(makeMeta('c', { state: 'cancelled' }), '', job);
    recordLaunchFailure(store, 'c', new Error('terminated'));
    expect(store.readMeta('c')!.state).toBe('cancelled');
    expect(store.readLog('c')).toContain('[launch failed] terminated');
  });
});

test('the explorer headline of a run that lost contact says so; an ended run never does', () => {
  const s = summarize(happyEvents('h').slice(0, 5));
  expect(runHeadline(makeMeta('h', { state: 'running', connection: 'reconnecting' }), s)).toBe('reconnecting to Modal…');
  expect(runHeadline(makeMeta('h', { state: 'running', connection: null }), s)).not.toMatch(/reconnecting/);
  expect(runHeadline(makeMeta('h', { state: 'failed', connection: 'reconnecting', message: 'x' }), s)).not.toMatch(/reconnecting/);
});
