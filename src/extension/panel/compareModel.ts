/** Runs side by side: primary-metric curves, config differences, final metrics. Pure (no `vscode`). */
import { parse } from 'yaml';
import type { RunSummary } from '../../core/events/runSummary';
import type { RunMeta } from '../../core/runs/runMeta';
import type { CompareRun } from '../../protocol/models';
import { orderedMetricKeys, toSeries } from './dashboardModel';

/** Nested config -> "a.b.c" -> text. Lists are kept as one JSON value. */
export function flattenConfig(value: unknown, prefix = '', out: Record<string, string> = {}): Record<string, string> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flattenConfig(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out[prefix] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

export function parseConfigText(text: string): Record<string, string> {
  try {
    return flattenConfig(parse(text));
  } catch {
    return {};
  }
}

export interface CompareInput {
  meta: RunMeta;
  summary: RunSummary;
  configText: string;
}

export function compareModel(inputs: readonly CompareInput[]): { runs: CompareRun[]; diffKeys: string[]; metricKeys: string[] } {
  const runs: CompareRun[] = inputs.map(({ meta, summary: s, configText }) => {
    const primary = s.primaryMetric ?? meta.primaryMetric ?? null;
    const final = s.completed?.final_metrics ?? lastValues(s);
    return {
      runId: meta.id, name: meta.name, state: meta.state, primaryMetric: primary,
      curve: toSeries(primary ? (s.series.metrics[primary] ?? []) : []),
      // Completed: the test set's base and fine-tuned metrics; running: validation's (never mixed).
      baseline: s.completed?.baseline_metrics ?? s.baseline?.metrics ?? null, final, config: parseConfigText(configText),
    };
  });
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.config)))].sort();
  const diffKeys = keys.filter((k) => new Set(runs.map((r) => r.config[k] ?? '')).size > 1);
  const present = [...new Set(runs.flatMap((r) => Object.keys(r.final ?? {})))];
  const metricKeys = orderedMetricKeys(runs[0]?.primaryMetric ?? null, present).filter((k) => !k.endsWith('_threshold'));
  return { runs, diffKeys, metricKeys };
}

function lastValues(s: RunSummary): Record<string, number | null> | null {
  const out: Record<string, number | null> = {};
  for (const [k, p] of Object.entries(s.series.metrics)) {
    const last = p.at(-1);
    if (last) out[k] = last.value;
  }
  return Object.keys(out).length ? out : null;
}
