import { describe, expect, it } from 'vitest';
import type { BakeoffRecord } from '../../../src/core/bakeoff/bakeoffStore';
import { bakeoffRows, bakeoffTitle } from '../../../src/core/bakeoff/bakeoffRows';
import { rankBakeoff } from '../../../src/core/bakeoff/rankBakeoff';

const row = (model: string, score: number, params: number, prompts: Record<string, string> = {}) => ({
  model, prompts, metric: 'eval_dev_cosine_ndcg@10', score, ci95: [score - 0.05, score + 0.05] as [number, number], n: 144, dims: 384, params,
  texts_per_s: 210, backend: 'local' as const, device: 'cpu', index_bytes: 575 * 384 * 4,
});

const record = (): BakeoffRecord => ({
  id: 'b1', created: '2026-12-06T00:00:00.000Z', config: 'q.finetune.yaml', test_set: 'k',
  result: rankBakeoff({ metric: 'eval_dev_cosine_ndcg@10', split: 'test', n: 144, corpus_size: 575, greater_is_better: true, candidates: [
    row('big', 0.30, 109e6), row('small', 0.28, 23e6, { query: 'query: ' }),
    { model: 'gone/x', error: 'Repository not found.', hint: 'Check the id.', backend: 'local' },
  ] }),
});

describe('bakeoffRows', () => {
  it('marks the recommended candidate (with its prompts), says the cost numbers, and keeps failed ones unusable', () => {
    const rows = bakeoffRows(record(), [{ runId: 'run-1', model: 'small', score: 0.71, baseline: 0.28, delta_ci95: [0.4, 0.5] }]);
    expect(bakeoffTitle(record())).toBe('cosine_ndcg@10 on 144 test items against 575 documents');
    expect(rows.map((r) => [r.label, r.kind, r.recommended])).toEqual([
      ['big', 'candidate', false], ['★ small', 'candidate', true], ['gone/x', 'failed', false], ['fine-tuned: run-1', 'finetuned', false],
    ]);
    expect(rows[1]!.candidate).toEqual({ model: 'small', prompts: { query: 'query: ' } });
    expect(rows[1]!.description).toBe('0.2800 (95% 0.230–0.330)');
    expect(rows[1]!.detail).toBe('384 dims · 23M params · 210 texts/s on cpu · 0.8 MiB index · prompts query "query: "');
    expect(rows[2]).toMatchObject({ candidate: null, detail: 'Repository not found. Check the id.' });
    expect(rows[3]).toMatchObject({ candidate: null, description: '0.7100' });
  });
});
