import type { LiveChart } from '../charts/liveChart';

/** "cosine_recall@10" → "recall": metrics that differ only in their cutoff (or similarity function) form a family. */
export function metricFamily(slugKey: string): string {
  return slugKey.replace(/@\d+$/, '').replace(/^(cosine|dot|euclidean|manhattan)_/, '');
}

/** The smallest and largest finite y over every dataset of a chart, or null when it has none. */
function yExtent(c: LiveChart): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const ds of c.raw) for (const p of ds) if (p.y !== null && Number.isFinite(p.y)) { if (p.y < lo) lo = p.y; if (p.y > hi) hi = p.y; }
  return lo <= hi ? [lo, hi] : null;
}

/**
 * Small multiples of one family (recall@1, @3, @5, @10) get one y-range, so their heights compare.
 * Returns the charts whose range changed.
 */
export function shareFamilyScales(charts: Array<{ key: string; chart: LiveChart }>): LiveChart[] {
  const families = new Map<string, LiveChart[]>();
  for (const { key, chart } of charts) families.set(metricFamily(key), [...(families.get(metricFamily(key)) ?? []), chart]);
  const changed: LiveChart[] = [];
  for (const group of families.values()) {
    const ext = group.map(yExtent).filter((e): e is [number, number] => e !== null);
    if (group.length < 2 || ext.length === 0) continue;
    let lo = Math.min(...ext.map((e) => e[0]));
    let hi = Math.max(...ext.map((e) => e[1]));
    const pad = (hi - lo || Math.abs(hi) || 1) * 0.05;
    lo -= pad;
    hi += pad;
    for (const c of group) if (c.setYRange(lo, hi)) changed.push(c);
  }
  return changed;
}
