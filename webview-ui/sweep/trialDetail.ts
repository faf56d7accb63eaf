import type { ChartData } from '../../src/protocol/messages';
import type { SweepTrial } from '../../src/protocol/sweepModels';
import { chartBox } from '../charts/chartBox';
import { readTheme } from '../charts/theme';
import { append, clear, h } from '../dom';
import { fmtMetric, formatDuration, shortMetric } from '../format';
import { SweepChart } from './sweepChart';
import { fmtParam } from './sweepMath';
import { stateBadge } from './trialsTable';

export const TRIAL_CHART_ID = 'chart-sweep-trial';

/** One trial inline (when it has no run record of its own): state, reason, parameters, intermediate values. */
export class TrialDetail {
  private chart: SweepChart | null = null;
  private shown = '';
  readonly element = h('section', { id: 'sweep-trial-detail', 'data-testid': 'sweep-trial-detail', 'aria-label': 'Trial detail', hidden: true });

  constructor(private readonly onClose: () => void) {}

  render(t: SweepTrial | null, metric: string): void {
    const key = JSON.stringify([t, metric]);
    if (key === this.shown) return;
    this.shown = key;
    this.chart?.destroy();
    this.chart = null;
    clear(this.element);
    this.element.hidden = t === null;
    if (!t) return;
    this.element.setAttribute('data-trial', String(t.trial));
    const close = h('vscode-button', { id: 'sweep-trial-close', secondary: true, icon: 'close' }, 'Close');
    close.addEventListener('click', () => this.onClose());
    const { box, canvas } = chartBox(TRIAL_CHART_ID, `Trial ${t.trial}: intermediate ${shortMetric(metric)}`, 'small');
    append(this.element,
      h('h2', { id: 'sweep-trial-title' }, `Trial ${t.trial} `, stateBadge(t.state)),
      t.reason ? h('p', { id: 'sweep-trial-reason', class: 'message' }, t.reason) : null,
      h('dl', { class: 'fields' },
        h('div', { class: 'field' }, h('dt', { class: 'field-label' }, 'Objective'), h('dd', { class: 'field-value' }, fmtMetric(t.value))),
        h('div', { class: 'field' }, h('dt', { class: 'field-label' }, 'Worker'), h('dd', { class: 'field-value' }, t.worker === null ? '—' : String(t.worker))),
        h('div', { class: 'field' }, h('dt', { class: 'field-label' }, 'Duration'), h('dd', { class: 'field-value' }, t.durationS === null ? '—' : formatDuration(t.durationS * 1000)))),
      h('table', { id: 'sweep-trial-params' }, h('tbody', {}, ...Object.entries(t.params).map(([k, v]) => h('tr', { 'data-param': k }, h('th', { scope: 'row' }, k), h('td', {}, fmtParam(v)))))),
      t.reports.x.length ? box : h('p', { class: 'muted' }, 'No intermediate values reported.'),
      close);
    if (t.reports.x.length) {
      this.chart = new SweepChart(TRIAL_CHART_ID, canvas, [{ label: shortMetric(metric), color: 'purple', marker: 'circle' }], { title: 'step' }, shortMetric(metric), readTheme());
      this.chart.set(0, t.reports.x.map((x, i) => [x, t.reports.y[i] ?? null]));
      this.chart.render();
    }
  }

  retheme(): void {
    this.chart?.applyTheme(readTheme());
  }

  data(): ChartData {
    return this.chart ? { [TRIAL_CHART_ID]: this.chart.data() } : {};
  }

  destroy(): void {
    this.chart?.destroy();
  }
}
