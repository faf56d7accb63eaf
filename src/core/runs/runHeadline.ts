import type { RunSummary } from '../events/runSummary';
import type { RunMeta } from './runMeta';
import { isReconnecting } from './runMeta';

const shortMetric = (key: string): string => key.replace(/^eval_[^_]+(?:_\d+)?_/, '');
const fmt = (v: number): string => v.toFixed(4);

/** The one line a run is known by: "cosine_ap 0.712 → 0.845 (+0.133)", or its phase and progress. */
export function runHeadline(meta: RunMeta, s: RunSummary): string {
  if (isReconnecting(meta)) return 'reconnecting to Modal…';
  const metric = shortMetric(s.primaryMetric ?? meta.primaryMetric);
  const base = s.baseline?.primaryValue ?? null;
  const best = s.completed?.primary_value ?? s.best?.value ?? null;
  if (base !== null && best !== null) {
    const delta = best - base;
    return `${metric} ${fmt(base)} → ${fmt(best)} (${delta >= 0 ? '+' : ''}${fmt(delta)})`;
  }
  if (meta.state === 'starting') return 'starting…';
  if (meta.state === 'running') {
    const phase = s.phase ? s.phase.replace('_', ' ') : 'running';
    const pct = s.progress.fraction !== null ? ` ${Math.round(s.progress.fraction * 100)}%` : '';
    return `${phase}${pct}`;
  }
  if (base !== null) return `${metric} baseline ${fmt(base)}`;
  return meta.message ? meta.message.split('. ')[0]! : meta.state;
}
