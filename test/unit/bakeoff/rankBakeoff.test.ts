import { describe, expect, it } from 'vitest';
import type { BakeoffOutput, ScoredRow } from '../../../src/core/bakeoff/bakeoffResult';
import { rankBakeoff } from '../../../src/core/bakeoff/rankBakeoff';

const row = (model: string, score: number, ci95: [number, number], params: number, extra: Partial<ScoredRow> = {}): ScoredRow => ({
  model, prompts: {}, metric: 'eval_dev_cosine_ndcg@10', score, ci95, n: 50, dims: 384, params, texts_per_s: 100,
  backend: 'local', device: 'cpu', index_bytes: 1000, ...extra,
});
const out = (candidates: BakeoffOutput['candidates'], greater = true): BakeoffOutput => ({
  metric: 'eval_dev_cosine_ndcg@10', split: 'test', n: 50, corpus_size: 200, greater_is_better: greater, candidates,
});

describe('rankBakeoff', () => {
  it('sorts best first and recommends a leader whose interval is clear of the rest', () => {
    const r = rankBakeoff(out([row('small', 0.4, [0.35, 0.45], 20e6), row('big', 0.6, [0.55, 0.65], 300e6)]));
    expect(r.candidates.map((c) => c.model)).toEqual(['big', 'small']);
    expect(r.recommended).toEqual({ model: 'big' });
    expect(r.indistinguishable).toEqual([{ model: 'big' }]);
    expect(r.reason).toContain('clear of every other');
  });

  it('says plainly when the top candidates overlap and recommends the smallest of them, not the nominal winner', () => {
    const r = rankBakeoff(out([
      row('large', 0.62, [0.55, 0.69], 335e6), row('base', 0.60, [0.53, 0.67], 109e6),
      row('tiny', 0.58, [0.51, 0.66], 23e6), row('weak', 0.30, [0.25, 0.35], 5e6),
    ]));
    expect(r.candidates[0]!.model).toBe('large');
    expect(r.indistinguishable.map((c) => c.model)).toEqual(['large', 'base', 'tiny']);
    expect(r.recommended).toEqual({ model: 'tiny' });
    expect(r.reason).toMatch(/^Indistinguishable on this test set \(their 95% intervals overlap\): large, base, tiny\. Use tiny: the smallest of them \(23M parameters against 335M\)/);
  });

  it('breaks a size tie by speed, and keeps the prompts of the recommended candidate', () => {
    const r = rankBakeoff(out([
      row('m', 0.5, [0.4, 0.6], 23e6, { texts_per_s: 50 }),
      row('m', 0.49, [0.39, 0.59], 23e6, { texts_per_s: 80, prompts: { query: 'query: ' } }),
    ]));
    expect(r.recommended).toEqual({ model: 'm', prompts: { query: 'query: ' } });
  });

  it('ranks lower-is-better metrics ascending', () => {
    const r = rankBakeoff(out([row('a', 0.5, [0.45, 0.55], 1), row('b', 0.2, [0.15, 0.25], 2)], false));
    expect(r.candidates[0]!.model).toBe('b');
    expect(r.recommended).toEqual({ model: 'b' });
  });

  it('puts failed candidates last and recommends nothing when none was scored', () => {
    const failed = { model: 'nope/x', error: 'Repository not found.', hint: 'Check the id.', backend: 'local' as const };
    const some = rankBakeoff(out([failed, row('a', 0.5, [0.4, 0.6], 1)]));
    expect(some.candidates.map((c) => c.model)).toEqual(['a', 'nope/x']);
    const none = rankBakeoff(out([failed]));
    expect(none.recommended).toBeNull();
    expect(none.reason).toContain('No candidate could be scored');
  });
});
