import type { RunSummary } from '../events/runSummary';
import type { RunMeta } from './runMeta';
import { isReconnecting } from './runMeta';
import { shortMetric, testReport } from './testReport';

const fmt = (v: number): string => v.toFixed(4);

/**
 * The one line a run is known by. Completed: the test set's "cosine_ap 0.712 → 0.845 (+0.133,
 * better) · test"; running: the best validation evaluation so far, labelled as such; else its
 * phase and progress. Never a validation baseline beside a test score.
 */
export function runHeadline(meta: RunMeta, s: RunSummary): string {
  if (isReconnecting(meta)) return 'reconnecting to Modal…';
  const metric = shortMetric(s.primaryMetric ?? meta.primaryMetric);
  const report = testReport(s);
  if (report && report.baseline !== null && report.finetuned !== null) {
    const delta = report.finetuned - report.baseline;
    return `${shortMetric(report.metric)} ${fmt(report.baseline)} → ${fmt(report.finetuned)} (${delta >= 0 ? '+' : ''}${fmt(delta)}${report.verdict ? `, ${report.verdict}` : ''}) · test`;
  }
  const base = s.baseline?.primaryValue ?? null;
  const best = s.best?.value ?? null;
  if (base !== null && best !== null) {
    const delta = best - base;
    return `${metric} ${fmt(base)} → ${fmt(best)} (${delta >= 0 ? '+' : ''}${fmt(delta)}) · validation`;
  }
  if (meta.state === 'starting') return 'starting…';
  if (meta.state === 'running') {
    const phase = s.phase ? s.phase.replace('_', ' ') : 'running';
    const pct = s.progress.fraction !== null ? ` ${Math.round(s.progress.fraction * 100)}%` : '';
    return `${phase}${pct}`;
  }
  if (base !== null) return `${metric} baseline ${fmt(base)} · validation`;
  return meta.message ? meta.message.split('. ')[0]! : meta.state;
}
