import { describe, expect, it } from 'vitest';
import { bakeoffJson, bakeoffText } from '../../../src/cli/bakeoffText';
import type { BakeoffRecord } from '../../../src/core/bakeoff/bakeoffStore';
import { rankBakeoff } from '../../../src/core/bakeoff/rankBakeoff';

const scored = (model: string, score: number, params: number, prompts: Record<string, string> = {}) => ({
  model, prompts, metric: 'eval_dev_cosine_ndcg@10', score, ci95: [score - 0.04, score + 0.04] as [number, number], n: 144, dims: 384, params,
  texts_per_s: 180.4, backend: 'local' as const, device: 'cpu', index_bytes: 883200,
});
const record: BakeoffRecord = {
  id: '20261206-110601-bakeoff-quickstart-5b42', created: '2026-12-06T11:06:01.000Z', config: 'examples/quickstart.finetune.yaml', test_set: 'k',
  result: rankBakeoff({ metric: 'eval_dev_cosine_ndcg@10', split: 'test', n: 144, corpus_size: 575, greater_is_better: true, candidates: [
    scored('big/model', 0.13, 109e6), scored('small/model', 0.11, 23e6, { query: 'query: ' }),
    { model: 'gone/model', error: 'Repository not found.', hint: 'Check the id.', backend: 'local' },
  ] }),
};

describe('bakeoff output', () => {
  it('prints the table best first, the tie in words, the fine-tuned runs and where it is kept', () => {
    const lines = bakeoffText(record, [{ runId: 'run-1', model: 'small/model', score: 0.716, baseline: 0.107, delta_ci95: [0.546, 0.667] }]);
    expect(lines[0]).toBe('cosine_ndcg@10 on the test split (144 items, corpus of 575), zero-shot, best first:');
    expect(lines[2]).toMatch(/^ {2}big\/model +0\.1300 {2}0\.090–0\.170 +384 +109M +180 {2}863 KiB$/);
    expect(lines[3]).toMatch(/^ {2}small\/model \* +0\.1100/);
    expect(lines[4]).toMatch(/^ {2}gone\/model +failed: Repository not found\. Check the id\.$/);
    expect(lines).toContain('Fine-tuned runs on the same test set:');
    expect(lines).toContain('  run-1 (from small/model)  0.7160');
    expect(lines.at(-2)).toMatch(/^Indistinguishable on this test set \(their 95% intervals overlap\): big\/model, small\/model \(with its prompts\)\. Use small\/model \(with its prompts\): the smallest of them/);
    expect(lines.at(-1)).toBe('Kept as .finetune/bakeoffs/20261206-110601-bakeoff-quickstart-5b42.json');
  });

  it('--json: a failed candidate keeps the documented keys, as nulls, with its error', () => {
    const json = bakeoffJson(record) as { candidates: Record<string, unknown>[]; recommended: unknown };
    expect(json.candidates[2]).toEqual({ model: 'gone/model', score: null, ci95: null, dims: null, params: null, texts_per_s: null, backend: 'local', prompts: {}, error: 'Repository not found.', hint: 'Check the id.' });
    expect(json.recommended).toEqual({ model: 'small/model', prompts: { query: 'query: ' } });
  });
});
