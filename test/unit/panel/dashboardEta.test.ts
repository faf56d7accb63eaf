import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/core/events/reducer';
import { runStatus } from '../../../src/extension/panel/dashboardModel';
import { makeMeta, phase, runStarted, trainLog } from '../runs/runFixtures';

describe('the dashboard\'s time left', () => {
  const events = [runStarted('r', 1), phase('r', 2, 'training', 100), trainLog('r', 3, 20, 100)];

  it('a running run shows the pace measured while watching, the same number the status bar shows', () => {
    expect(runStatus(makeMeta('r', { state: 'running' }), summarize(events), [], 95).etaSeconds).toBe(95);
  });

  it('before a pace is measured it falls back to the extrapolation from the start; an ended run has none', () => {
    const s = summarize(events);
    const fallback = runStatus(makeMeta('r', { state: 'running' }), s, []).etaSeconds;
    expect(runStatus(makeMeta('r', { state: 'running' }), s, [], null).etaSeconds).toBe(fallback);
    expect(runStatus(makeMeta('r', { state: 'completed' }), s, [], 95).etaSeconds).toBeNull();
  });
});
