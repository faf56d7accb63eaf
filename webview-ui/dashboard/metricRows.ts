import type { RunStatus } from '../../src/protocol/models';

export interface MetricChange {
  key: string;
  /** Other keys with the same values at the same cutoff (accuracy@1 = precision@1 = recall@1): shown as one row. */
  same: string[];
  baseline: number | null;
  final: number | null;
  delta: number | null;
  /** Percent change; null where the baseline is near zero (a relative change of a tiny number misleads). */
  relative: number | null;
}

/** Below this |baseline| a relative change is not shown. */
export const NEAR_ZERO = 0.05;

/** "eval_dev_cosine_recall@10" → "@10"; null for metrics without a cutoff. */
const cutoff = (key: string): string | null => /@\d+$/.exec(key)?.[0] ?? null;

/**
 * Metrics that are identical by construction show once. Two keys are merged only when they share
 * a cutoff (@k) and have the same baseline and final values: with one relevant document per
 * query, accuracy@k = recall@k, and at @1 accuracy = precision = recall. Values alone are not
 * enough (two different metrics may both be 1.0 by chance at no cutoff).
 */
function sameKey(a: MetricChange, b: MetricChange): boolean {
  const c = cutoff(a.key);
  return c !== null && c === cutoff(b.key) && a.baseline !== null && a.final !== null && a.baseline === b.baseline && a.final === b.final;
}

/** baseline -> fine-tuned per metric: the primary first, identical metrics merged. */
export function metricChanges(s: RunStatus): MetricChange[] {
  if (!s.baseline || !s.latest) return [];
  const base = s.baseline;
  const latest = s.latest;
  const all = s.metricKeys.filter((k) => k in base || k in latest).map((key): MetricChange => {
    const baseline = base[key] ?? null;
    const final = latest[key] ?? null;
    const delta = baseline !== null && final !== null ? final - baseline : null;
    const relative = delta !== null && baseline !== null && Math.abs(baseline) >= NEAR_ZERO && !key.endsWith('_threshold') ? (delta / Math.abs(baseline)) * 100 : null;
    return { key, same: [], baseline, final, delta, relative };
  });
  const primary = all.findIndex((r) => r.key === s.primaryMetric);
  if (primary > 0) all.unshift(...all.splice(primary, 1));
  const out: MetricChange[] = [];
  for (const r of all) {
    const twin = out.find((o) => sameKey(o, r));
    if (twin) twin.same.push(r.key);
    else out.push(r);
  }
  return out;
}
