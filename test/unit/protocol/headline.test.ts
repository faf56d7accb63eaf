import { describe, expect, it } from 'vitest';
import { summarize } from '../../../src/core/events/reducer';
import { testReport } from '../../../src/core/runs/testReport';
import { headlineMetric, headlineParts, headlineText, reportHeadline } from '../../../src/protocol/headline';
import { goldenEvents } from '../../webview/fixtures';

describe('the run headline', () => {
  it('says the primary metric base → fine-tuned, the change with its interval and verdict, and where it was measured', () => {
    const input = { metric: 'eval_runbooks_cosine_ndcg@10', baseline: 0.10712, finetuned: 0.71581, delta: 0.60869, ci95: [0.5712, 0.6457] as const, verdict: 'better' as const, split: 'test' as const, n: 135, corpusSize: 575 };
    expect(headlineParts(input)).toEqual({
      title: 'ndcg@10 0.107 → 0.716',
      change: '+0.609 (95% CI +0.571 to +0.646), better',
      where: 'test split, 135 queries, against 575 documents',
      verdict: 'better',
    });
    expect(headlineText(input)).toBe('ndcg@10 0.107 → 0.716 · +0.609 (95% CI +0.571 to +0.646), better · test split, 135 queries, against 575 documents');
  });

  it('computes the change when the report has none, and leaves out what it does not know', () => {
    const p = headlineParts({ metric: 'eval_dev_cosine_ap', baseline: 0.8212, finetuned: 0.8001, split: 'validation', n: 364 });
    expect(p.title).toBe('ap 0.821 → 0.800');
    expect(p.change).toBe('−0.021');
    expect(p.where).toBe('validation split, 364 items');
    expect(p.verdict).toBeNull();
    expect(headlineParts({ metric: 'spearman_cosine', baseline: null, finetuned: 0.5, split: 'test' }).change).toBe('—');
  });

  it('keeps a metric whose name is only a similarity function', () => {
    expect(headlineMetric('eval_sts_spearman_cosine')).toBe('spearman_cosine');
    expect(headlineMetric('eval_dev_cosine_accuracy@1')).toBe('accuracy@1');
  });

  it('reads a core test report the same way (the explorer tooltip and the completion notification)', () => {
    const report = testReport(summarize(goldenEvents('completed.jsonl')))!;
    expect(headlineText(reportHeadline(report))).toBe('ap 0.821 → 0.873 · +0.052 (95% CI +0.021 to +0.083), better · test split, 404 items');
  });
});
