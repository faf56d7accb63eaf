import { describe, expect, it } from 'vitest';
import type { RunStatus } from '../../src/protocol/models';
import { metricChanges } from '../../webview-ui/dashboard/metricRows';

const keys = ['accuracy@1', 'accuracy@10', 'precision@1', 'precision@10', 'recall@1', 'recall@10', 'ndcg@10', 'mrr@10', 'map@100'].map((k) => `eval_ir_cosine_${k}`);
const status = (baseline: Record<string, number>, latest: Record<string, number>) =>
  ({ metricKeys: keys, baseline, latest, primaryMetric: 'eval_ir_cosine_ndcg@10' }) as unknown as RunStatus;
const ir = (a1: number, a10: number, p10: number, ndcg: number, mrr: number, map: number) => ({
  'eval_ir_cosine_accuracy@1': a1, 'eval_ir_cosine_precision@1': a1, 'eval_ir_cosine_recall@1': a1,
  'eval_ir_cosine_accuracy@10': a10, 'eval_ir_cosine_recall@10': a10, 'eval_ir_cosine_precision@10': p10,
  'eval_ir_cosine_ndcg@10': ndcg, 'eval_ir_cosine_mrr@10': mrr, 'eval_ir_cosine_map@100': map,
});

describe('summary table rows', () => {
  it('leads with the primary metric and merges metrics identical by construction (same cutoff, same values)', () => {
    const rows = metricChanges(status(ir(0.05, 0.2, 0.02, 0.107, 0.09, 0.1), ir(0.6, 0.9, 0.09, 0.716, 0.65, 0.66)));
    expect(rows[0]!.key).toBe('eval_ir_cosine_ndcg@10');
    const at1 = rows.find((r) => r.key === 'eval_ir_cosine_accuracy@1')!;
    expect(at1.same).toEqual(['eval_ir_cosine_precision@1', 'eval_ir_cosine_recall@1']);
    expect(rows.find((r) => r.key === 'eval_ir_cosine_accuracy@10')!.same).toEqual(['eval_ir_cosine_recall@10']);
    // precision@10 is a different number (one positive in ten): its own row.
    expect(rows.find((r) => r.key === 'eval_ir_cosine_precision@10')!.same).toEqual([]);
    expect(rows).toHaveLength(6);
  });

  it('does not merge metrics that merely differ somewhere, or that share values without a cutoff', () => {
    const base = ir(0.05, 0.2, 0.02, 0.107, 0.09, 0.1);
    const tuned = { ...ir(0.6, 0.9, 0.09, 0.716, 0.65, 0.66), 'eval_ir_cosine_recall@1': 0.61 };
    const rows = metricChanges(status(base, tuned));
    expect(rows.find((r) => r.key === 'eval_ir_cosine_accuracy@1')!.same).toEqual(['eval_ir_cosine_precision@1']);
    expect(rows.some((r) => r.key === 'eval_ir_cosine_recall@1')).toBe(true);
  });

  it('shows a relative change only where the baseline is not near zero', () => {
    const rows = metricChanges(status(ir(0.01, 0.2, 0.02, 0.107, 0.09, 0.1), ir(0.6, 0.9, 0.09, 0.716, 0.65, 0.66)));
    expect(rows.find((r) => r.key === 'eval_ir_cosine_accuracy@1')!.relative).toBeNull();
    expect(rows.find((r) => r.key === 'eval_ir_cosine_precision@10')!.relative).toBeNull();
    expect(rows[0]!.relative).toBeCloseTo(((0.716 - 0.107) / 0.107) * 100, 6);
  });
});
