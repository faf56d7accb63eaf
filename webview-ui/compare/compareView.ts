import type { ChartData, HostMessageOf } from '../../src/protocol/messages';
import { chartBox } from '../charts/chartBox';
import { LiveChart } from '../charts/liveChart';
import type { DatasetSpec } from '../charts/liveChart';
import { readTheme } from '../charts/theme';
import { clear, h } from '../dom';
import { fmtMetric, fmtSigned, humanize, shortMetric } from '../format';
import type { Host } from '../vscodeApi';
import { TryBox } from '../tryit/tryBox';

const COLORS: DatasetSpec['color'][] = ['blue', 'orange', 'green', 'purple', 'red', 'yellow'];

/** Runs side by side: primary-metric curves overlaid, config differences, final metrics. */
export class CompareView {
  private chart: LiveChart | null = null;
  readonly element = h('div', { id: 'compare', class: 'compare' });
  // Kept across snapshots (they rebuild the rest), so an answer survives a run's refresh.
  private readonly tryBox: TryBox;

  constructor(private readonly host: Host) {
    this.tryBox = new TryBox(host, 'Try it across these runs', 'One query against each run\'s held-out texts: the base model beside every fine-tuned one.');
  }

  tryStatus(m: HostMessageOf<'try.status'>): void {
    this.tryBox.status(m);
  }

  tryResult(m: HostMessageOf<'try.result'>): void {
    this.tryBox.result(m);
  }

  snapshot(m: HostMessageOf<'compare.snapshot'>): void {
    this.chart?.destroy();
    clear(this.element);
    const metric = m.runs[0]?.primaryMetric;
    const { box, canvas } = chartBox('chart-compare', `${metric ? shortMetric(metric) : 'primary metric'} by run (validation split)`, 'wide');
    const runHeads = m.runs.map((r) => {
      const open = h('button', { type: 'button', class: 'link', 'data-run': r.runId }, r.name);
      return h('th', { scope: 'col', title: r.runId }, open, h('div', { class: 'muted' }, `${r.runId} · ${humanize(r.state)}`));
    });
    const head = () => h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), ...runHeads.map((c) => c.cloneNode(true))));
    this.element.append(h('h1', {}, `Compare ${m.runs.length} runs`), box,
      h('h2', {}, 'Final metrics (change from baseline): the test split for completed runs, validation while running'),
      h('table', { id: 'compare-metrics', 'data-testid': 'compare-metrics' }, head(),
        h('tbody', {}, ...m.metricKeys.map((k) => h('tr', { 'data-metric': k }, h('th', { scope: 'row' }, shortMetric(k)), ...m.runs.map((r) => {
          const f = r.final?.[k] ?? null;
          const b = r.baseline?.[k] ?? null;
          return h('td', {}, fmtMetric(f), f !== null && b !== null ? h('span', { class: 'muted' }, ` (${fmtSigned(f - b)})`) : '');
        }))))),
      h('h2', {}, 'Config differences'),
      m.diffKeys.length
        ? h('table', { id: 'compare-config', 'data-testid': 'compare-config' }, head(),
          h('tbody', {}, ...m.diffKeys.map((k) => h('tr', { 'data-key': k }, h('th', { scope: 'row' }, h('code', {}, k)), ...m.runs.map((r) => h('td', {}, r.config[k] ?? '—'))))))
        : h('p', { id: 'compare-config', class: 'muted' }, 'The configs are identical.'),
      this.tryBox.element);
    // Buttons in cloned headers need their own listeners.
    for (const b of Array.from(this.element.querySelectorAll<HTMLButtonElement>('button[data-run]'))) {
      b.addEventListener('click', () => this.host.post({ type: 'compare.openRun', runId: b.dataset['run']! }));
    }
    this.chart = new LiveChart('chart-compare', canvas, m.runs.map((r, i) => ({ label: r.name, color: COLORS[i % COLORS.length]!, width: 2 })), readTheme());
    m.runs.forEach((r, i) => this.chart!.append(i, r.curve.x, r.curve.y));
    this.chart.render();
  }

  retheme(): void {
    this.chart?.applyTheme(readTheme());
  }

  chartData(): ChartData {
    return this.chart ? { 'chart-compare': this.chart.data() } : {};
  }

  dispose(): void {
    this.chart?.destroy();
  }
}
