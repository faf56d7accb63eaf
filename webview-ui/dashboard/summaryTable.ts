import type { RunStatus } from '../../src/protocol/models';
import { clear, h } from '../dom';
import { fmtMetric, fmtPercent, fmtSigned, shortMetric } from '../format';

export interface MetricChange {
  key: string;
  baseline: number | null;
  final: number | null;
  delta: number | null;
  relative: number | null;
}

/** baseline -> fine-tuned per metric, with the absolute and relative change. */
export function metricChanges(s: RunStatus): MetricChange[] {
  if (!s.baseline || !s.latest) return [];
  return s.metricKeys.filter((k) => k in s.baseline! || k in s.latest!).map((key) => {
    const baseline = s.baseline![key] ?? null;
    const final = s.latest![key] ?? null;
    const delta = baseline !== null && final !== null ? final - baseline : null;
    const relative = delta !== null && baseline ? (delta / Math.abs(baseline)) * 100 : null;
    return { key, baseline, final, delta, relative };
  });
}

/** The summary table, shown once the baseline and an evaluation (or the final metrics) exist. */
export class SummaryTable {
  readonly element = h('section', { id: 'summary', 'aria-label': 'Baseline versus fine-tuned', hidden: true });

  private shown = '';

  render(s: RunStatus): void {
    const rows = metricChanges(s);
    const key = JSON.stringify([rows, s.finalIsComplete, s.primaryMetric, s.report, s.dataset]);
    if (key === this.shown) return;
    this.shown = key;
    this.element.hidden = rows.length === 0;
    clear(this.element);
    if (!rows.length) return;
    const title = s.split === 'test' ? 'Test split: base model → fine-tuned' : 'Validation split: baseline → latest evaluation';
    const better = (r: MetricChange) => (r.delta === null || r.delta === 0 || r.key.endsWith('_threshold') ? '' : (r.delta > 0) === s.greaterIsBetter ? 'better' : 'worse');
    this.element.append(
      h('h3', {}, title),
      reportLine(s),
      ...(s.report?.also ?? []).map((a) => h('p', { class: 'note', 'data-testid': 'summary-also' },
        `Also ${a.name}: ${shortMetric(a.metric)} ${fmtMetric(a.baseline)} → ${fmtMetric(a.finetuned)}, ${a.delta === null ? '—' : fmtSigned(a.delta)}`
        + `${a.ci95 ? ` (95% CI ${fmtSigned(a.ci95[0] ?? 0)} to ${fmtSigned(a.ci95[1] ?? 0)})` : ''}${a.verdict ? ` — ${a.verdict}` : ''}${a.n !== null ? `, ${a.n} items` : ''}.`)),
      h('table', { id: 'summary-table', 'data-testid': 'summary-table' },
        h('thead', {}, h('tr', {}, ...['Metric', 'Baseline', s.finalIsComplete ? 'Fine-tuned' : 'Latest', 'Change', 'Relative'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, ...rows.map((r) => h('tr', { 'data-metric': r.key, class: r.key === s.primaryMetric ? 'primary' : '' },
          h('th', { scope: 'row' }, shortMetric(r.key), r.key === s.primaryMetric ? ' (primary)' : ''),
          h('td', { 'data-col': 'baseline' }, fmtMetric(r.baseline)),
          h('td', { 'data-col': 'final' }, fmtMetric(r.final)),
          h('td', { 'data-col': 'delta', class: better(r) }, r.delta === null ? '—' : fmtSigned(r.delta)),
          h('td', { 'data-col': 'relative', class: better(r) }, r.relative === null ? '—' : fmtPercent(r.relative)))))),
    );
  }
}

/** The test report in words (completed), or what the live numbers are (running). */
function reportLine(s: RunStatus): HTMLElement {
  const r = s.report;
  if (!r) {
    const n = s.dataset?.validationRows;
    return h('p', { id: 'summary-report', 'data-testid': 'summary-report', class: 'note' },
      `Live numbers are the validation split's${n !== null && n !== undefined ? ` (${n.toLocaleString('en-US')} rows)` : ''}; it chooses the checkpoint. The test split is scored once more at the end.`);
  }
  const ci = r.ci95 ? ` (95% CI ${fmtSigned(r.ci95[0] ?? 0)} to ${fmtSigned(r.ci95[1] ?? 0)})` : ' (no interval for this metric)';
  const where = `test split${r.n !== null ? `, ${r.n.toLocaleString('en-US')} ${r.corpusSize !== null ? 'queries' : 'items'}` : ''}${r.corpusSize !== null ? `, against ${r.corpusSize.toLocaleString('en-US')} documents` : ''}`;
  return h('p', { id: 'summary-report', 'data-testid': 'summary-report', class: r.verdict === 'better' ? 'better' : r.verdict === 'worse' ? 'worse' : '' },
    `${shortMetric(r.metric)}: ${fmtMetric(r.baseline)} → ${fmtMetric(r.finetuned)}, ${r.delta === null ? '—' : fmtSigned(r.delta)}${ci}${r.verdict ? ` — ${r.verdict}` : ''}. ${where[0]!.toUpperCase()}${where.slice(1)}.`);
}
