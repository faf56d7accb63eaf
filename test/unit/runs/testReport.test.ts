import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/core/events/reducer';
import { runHeadline } from '../../../src/core/runs/runHeadline';
import { reportLine, testReport } from '../../../src/core/runs/testReport';
import { baseline, completed, evalEvent, makeMeta, runStarted } from './runFixtures';

const done = (extra: Record<string, unknown>) => ({ ...completed('r', 4, 0.8), ...extra });

describe('the test report and the lines that show it', () => {
  it('a completed run reads the test set\'s base score, never the validation baseline', () => {
    const s = summarize([runStarted('r', 1), baseline('r', 2, 0.5), evalEvent('r', 3, 10, 0.9),
      done({ split: 'test', n: 135, corpus_size: 575, delta_ci95: [0.03, 0.17], verdict: 'better' })]);
    const r = testReport(s)!;
    expect([r.baseline, r.finetuned, r.n, r.corpus_size]).toEqual([0.7, 0.8, 135, 575]);
    expect(reportLine(r)).toBe('ap 0.700 → 0.800 · +0.100 (95% CI +0.030 to +0.170), better · test split, 135 queries, against 575 documents');
    expect(runHeadline(makeMeta('r', { state: 'completed' }), s)).toBe('cosine_ap 0.7000 → 0.8000 (+0.1000, better) · test');
  });

  it('a running run says its numbers are the validation split\'s', () => {
    const s = summarize([runStarted('r', 1), baseline('r', 2, 0.5), evalEvent('r', 3, 10, 0.6)]);
    expect(testReport(s)).toBeNull();
    expect(runHeadline(makeMeta('r', { state: 'running' }), s)).toBe('cosine_ap 0.5000 → 0.6000 (+0.1000) · validation');
  });

  it('a metric without an interval says the change alone', () => {
    const s = summarize([runStarted('r', 1), done({ split: 'test', n: 40, corpus_size: null, delta_ci95: null, verdict: null })]);
    expect(reportLine(testReport(s)!)).toBe('ap 0.700 → 0.800 · +0.100 · test split, 40 items');
  });
});
