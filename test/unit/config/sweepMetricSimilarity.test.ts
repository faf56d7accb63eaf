import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/core/config/validate';

const config = (metric: string) => `task: information-retrieval
model: m
dataset: { hub: org/pairs, columns: { anchor: q, positive: d } }
compute: { backend: local }
sweep:
  trials: 4
  metric: ${metric}
  space: { learning_rate: { type: float, low: 1.0e-5, high: 1.0e-4, log: true } }
`;

describe('sweep.metric and the model\'s similarity function', () => {
  it('accepts the metric names a dot-product model logs, and still rejects unknown ones', () => {
    const codes = (m: string) => validateConfig(config(m)).diagnostics.map((d) => d.code);
    expect(codes('dot_ndcg@10')).not.toContain('sweep-unknown-metric');
    expect(codes('cosine_mrr@10')).not.toContain('sweep-unknown-metric');
    expect(codes('dot_ndcg@11')).toContain('sweep-unknown-metric');
  });
});
