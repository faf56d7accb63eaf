import { describe, expect, it } from 'vitest';
import { orderedMetricKeys } from '../../../src/extension/panel/dashboardModel';

describe('orderedMetricKeys', () => {
  it('orders a dot-product model\'s keys in the catalog order, as for cosine', () => {
    const present = ['eval_dev_dot_mrr@10', 'eval_loss', 'eval_dev_dot_ndcg@10', 'eval_dev_dot_accuracy@1'];
    expect(orderedMetricKeys('eval_dev_dot_ndcg@10', present)).toEqual(['eval_dev_dot_accuracy@1', 'eval_dev_dot_ndcg@10', 'eval_dev_dot_mrr@10', 'eval_loss']);
    expect(orderedMetricKeys('eval_dev_cosine_ndcg@10', present.map((k) => k.replace('dot', 'cosine')))).toEqual(
      ['eval_dev_cosine_accuracy@1', 'eval_dev_cosine_ndcg@10', 'eval_dev_cosine_mrr@10', 'eval_loss']);
  });

  it('finds spearman_dot (the similarity at the end of the name)', () => {
    expect(orderedMetricKeys('eval_dev_spearman_dot', ['eval_dev_spearman_dot', 'eval_dev_pearson_dot'])).toEqual(['eval_dev_pearson_dot', 'eval_dev_spearman_dot']);
  });
});
