import { describe, expect, it } from 'vitest';
import { resolveJob } from '../../../src/core/job/resolveJob';

const cfg = (hn: string) => `task: information-retrieval
model: BAAI/bge-small-en-v1.5
dataset:
  hub: org/pairs
  columns: { anchor: q, positive: d }
training:
  hard_negatives: ${hn}
`;

function mining(hn: string) {
  const r = resolveJob(cfg(hn), '/w/x.finetune.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.job.training.hard_negatives;
}

describe('hard-negative mining defaults', () => {
  it('{ count: 1 } mines with a 5% margin and the automatic rank floor, not unguarded', () => {
    expect(mining('{ count: 1 }')).toMatchObject({ count: 1, range_min: null, relative_margin: 0.05, absolute_margin: null, max_score: null });
  });

  it('an absolute margin replaces the relative one; explicit values are kept', () => {
    expect(mining('{ absolute_margin: 0.1 }')).toMatchObject({ absolute_margin: 0.1, relative_margin: null });
    expect(mining('{ range_min: 0, relative_margin: 0 }')).toMatchObject({ range_min: 0, relative_margin: 0 });
  });
});
