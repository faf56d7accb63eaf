import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/core/events/reducer';
import { completionNotice } from '../../../src/core/runs/completionNotice';
import { runRowLabel } from '../../../src/core/runs/runRowLabel';
import { baseline, completed, evalEvent, errorEvent, makeMeta, runStarted } from './runFixtures';

describe('the notification when a run ends', () => {
  it('a completed run says its headline: base → fine-tuned, change, interval, verdict, and offers the dashboard first', () => {
    const s = summarize([runStarted('r', 1), baseline('r', 2, 0.5), evalEvent('r', 3, 10, 0.9),
      { ...completed('r', 4, 0.8), split: 'test', n: 135, corpus_size: 575, delta_ci95: [0.03, 0.17], verdict: 'better' }]);
    const n = completionNotice(makeMeta('r', { name: 'quickstart', state: 'completed' }), s);
    expect(n).toEqual({
      severity: 'info',
      text: 'Run quickstart completed: ap 0.700 → 0.800 · +0.100 (95% CI +0.030 to +0.170), better · test split, 135 queries, against 575 documents',
      actions: ['Open Dashboard', 'Open Logs'],
    });
  });

  it('a failed run says why, as a warning, and offers the logs first', () => {
    const s = summarize([runStarted('r', 1), errorEvent('r', 2, 'CUDA out of memory')]);
    const n = completionNotice(makeMeta('r', { name: 'q', state: 'failed', message: 'Out of GPU memory at batch 64.' }), s);
    expect(n.severity).toBe('warning');
    expect(n.text).toBe('Run q failed: Out of GPU memory at batch 64.');
    expect(n.actions[0]).toBe('Open Logs');
  });

  it('a timed-out run with no summary still reads as words', () => {
    expect(completionNotice(makeMeta('r', { name: 'q', state: 'timed_out', message: null }), undefined).text).toBe('Run q timed out: timed out');
  });
});

describe('the Runs view row label', () => {
  const now = new Date(2026, 11, 6, 15, 0);
  it('today: the name and the time, short enough to leave room for the result', () => {
    expect(runRowLabel({ name: 'quickstart', createdAt: new Date(2026, 11, 6, 13, 5).toISOString() }, now)).toBe('quickstart · 13:05');
  });
  it('another day: the name and the day; a sweep says so', () => {
    expect(runRowLabel({ name: 'qd', kind: 'sweep', createdAt: new Date(2026, 10, 30, 9, 0).toISOString() }, now)).toBe('Sweep qd · Nov 30');
  });
});
