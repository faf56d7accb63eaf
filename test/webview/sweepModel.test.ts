import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepStreams } from '../../src/core/sweeps/finishSweep';
import { summarizeSweep } from '../../src/core/sweeps/sweepSummary';
import { spaceOf, sweepModel } from '../../src/extension/panel/sweepModel';
import { parseHostMessage, parseWebviewMessage } from '../../src/protocol/messages';
import { IMPORTANCES, METRIC, SWEEP_ID, sweepJob, sweepMeta, workerEvents, writeRecordedSweep } from '../fixtures/sweeps/quoraSweep';

const summary = (completed: boolean) => summarizeSweep([workerEvents(0, completed), workerEvents(1, completed)]);

describe('sweep model (host side)', () => {
  it('the header facts: trials done / total from the job, best, cost of all workers, metric and direction', () => {
    const now = Date.parse('2026-02-01T00:15:00.000Z');
    const { status, trials } = sweepModel({ meta: sweepMeta('running'), sweep: sweepJob().sweep, summary: summary(false), hasRun: () => false, now });
    expect(status).toMatchObject({ sweepId: SWEEP_ID, state: 'running', trialsDone: 7, trialsTotal: 12, parallel: 4, metric: METRIC, direction: 'maximize', finished: false, importances: null });
    expect(status.best).toMatchObject({ trial: 6, value: 0.86 });
    expect(status.costSoFar).toBeCloseTo(3.2 * 0.25, 6);
    expect(status.paramNames).toEqual(['learning_rate', 'batch_size', 'loss_args.margin']);
    expect(trials.map((t) => t.state)).toEqual(['complete', 'pruned', 'complete', 'failed', 'collapsed', 'complete', 'complete', 'running']);
    expect(trials[1]!.reports).toEqual({ x: [50], y: [0.6] });
    expect(trials.every((t) => t.runId === null)).toBe(true);
  });

  it('the space keeps log and categorical choices from the job', () => {
    expect(spaceOf(sweepJob().sweep)).toEqual([
      { name: 'learning_rate', type: 'float', log: true, choices: null },
      { name: 'batch_size', type: 'categorical', log: false, choices: [16, 32, 64] },
      { name: 'loss_args.margin', type: 'float', log: false, choices: null },
    ]);
  });

  it('a trial with its own run record links to it; importances and paths once completed', () => {
    const { status, trials } = sweepModel({ meta: sweepMeta('completed'), sweep: sweepJob().sweep, summary: summary(true), hasRun: (id) => id === `${SWEEP_ID}-t2` });
    expect(trials.find((t) => t.trial === 2)!.runId).toBe(`${SWEEP_ID}-t2`);
    expect(status).toMatchObject({ finished: true, importances: IMPORTANCES, studyPath: '/vol/runs/sweep-quora-sweep/study.db' });
  });

  it('reads a recorded sweep from a run store, and the snapshot passes the protocol both ways', () => {
    const store = writeRecordedSweep(mkdtempSync(join(tmpdir(), 'fte-sweep-')));
    const s = summarizeSweep(sweepStreams(store, SWEEP_ID));
    expect(s.trials).toHaveLength(8);
    const { status, trials } = sweepModel({ meta: store.readMeta(SWEEP_ID)!, sweep: sweepJob().sweep, summary: s, hasRun: (id) => store.readMeta(id) !== undefined });
    expect(parseHostMessage({ type: 'sweep.snapshot', status, trials, focusTrial: null }).ok).toBe(true);
    expect(parseHostMessage({ type: 'sweep.snapshot', status: { ...status, direction: 'sideways' }, trials, focusTrial: null }).ok).toBe(false);
    expect(parseHostMessage({ type: 'sweep.snapshot', status, trials: [{ ...trials[0], state: 'exploded' }], focusTrial: null }).ok).toBe(false);
    expect(parseWebviewMessage({ type: 'sweep.openTrial', sweepId: SWEEP_ID, trial: 3 }).ok).toBe(true);
    expect(parseWebviewMessage({ type: 'sweep.openTrial', sweepId: SWEEP_ID, trial: -1 }).ok).toBe(false);
    expect(parseWebviewMessage({ type: 'sweep.copy', text: 'learning_rate: 3e-05' }).ok).toBe(true);
    expect(parseWebviewMessage({ type: 'ready', view: 'sweep' }).ok).toBe(true);
  });
});
