import type { RunStatus } from '../../src/protocol/models';
import { clear, h } from '../dom';
import { fmtMetric, fmtPercent, fmtSigned, shortMetric } from '../format';
import { metricChanges } from './metricRows';
import type { MetricChange } from './metricRows';


/** The summary table, shown once the baseline and an evaluation (or the final metrics) exist. */
export class SummaryTable {
  readonly element = h('section', { id: 'summary', 'aria-label': 'Baseline versus fine-tuned', hidden: true });

  private shown = '';
  /** The secondary metrics start collapsed, so the headline, primary chart and Try it stay above the fold. */
  private open = false;

  render(s: RunStatus): void {
    const rows = metricChanges(s);
    const key = JSON.stringify([rows, s.finalIsComplete, s.primaryMetric, s.report, s.dataset]);
    if (key === this.shown) return;
    this.shown = key;
    this.element.hidden = rows.length === 0;
    clear(this.element);
    if (!rows.length) return;
    const title = s.split === 'test' ? 'Test split: base model → fine-tuned' : 'Validation split: baseline → latest evaluation';
    const secondary = rows.length - 1;
    const toggle = h('button', { class: 'link', id: 'summary-more', 'data-testid': 'summary-more', 'aria-expanded': String(this.open), 'aria-controls': 'summary-table', hidden: secondary === 0 });
    const label = () => { toggle.textContent = this.open ? 'Show only the primary metric' : `Show ${secondary} more metric${secondary === 1 ? '' : 's'}`; };
    label();
    const body = h('tbody', {}, ...rows.map((r, i) => this.row(r, s, i > 0)));
    toggle.addEventListener('click', () => {
      this.open = !this.open;
      toggle.setAttribute('aria-expanded', String(this.open));
      for (const tr of Array.from(body.querySelectorAll<HTMLElement>('tr.secondary'))) tr.hidden = !this.open;
      label();
    });
    this.element.append(
      h('h3', {}, title),
      reportLine(s),
      ...(s.report?.also ?? []).map((a) => h('p', { class: 'note', 'data-testid': 'summary-also' },
        `Also ${a.name}: ${shortMetric(a.metric)} ${fmtMetric(a.baseline)} → ${fmtMetric(a.finetuned)}, ${a.delta === null ? '—' : fmtSigned(a.delta)}`
        + `${a.ci95 ? ` (95% CI ${fmtSigned(a.ci95[0] ?? 0)} to ${fmtSigned(a.ci95[1] ?? 0)})` : ''}${a.verdict ? ` — ${a.verdict}` : ''}${a.n !== null ? `, ${a.n} items` : ''}.`)),
      h('table', { id: 'summary-table', 'data-testid': 'summary-table' },
        h('thead', {}, h('tr', {}, ...['Metric', 'Baseline', s.finalIsComplete ? 'Fine-tuned' : 'Latest', 'Change', 'Relative'].map((c) => h('th', { scope: 'col' }, c)))),
        body),
      toggle,
    );
  }

  private row(r: MetricChange, s: RunStatus, secondary: boolean): HTMLElement {
    const better = r.delta === null || r.delta === 0 || r.key.endsWith('_threshold') ? '' : (r.delta > 0) === s.greaterIsBetter ? 'better' : 'worse';
    const name = [r.key, ...r.same].map(shortMetric).join(' = ');
    return h('tr', { 'data-metric': r.key, 'data-same': r.same.length ? r.same.join(' ') : null, class: r.key === s.primaryMetric ? 'primary' : secondary ? 'secondary' : '', hidden: secondary && !this.open },
      h('th', { scope: 'row', title: r.same.length ? 'Identical by construction here (one relevant document per query): shown once.' : null }, name, r.key === s.primaryMetric ? ' (primary)' : ''),
      h('td', { 'data-col': 'baseline' }, fmtMetric(r.baseline)),
      h('td', { 'data-col': 'final' }, fmtMetric(r.final)),
      h('td', { 'data-col': 'delta', class: better }, r.delta === null ? '—' : fmtSigned(r.delta)),
      h('td', { 'data-col': 'relative', class: better, title: r.relative === null && r.baseline !== null ? 'No relative change: the baseline is near zero.' : null }, r.relative === null ? '—' : fmtPercent(r.relative)));
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
