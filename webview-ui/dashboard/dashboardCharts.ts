import type { RunSeriesData, RunStatus, Series } from '../../src/protocol/models';
import { chartBox } from '../charts/chartBox';
import { ChartSet } from '../charts/chartSet';
import { Ema } from '../charts/ema';
import { LiveChart } from '../charts/liveChart';
import type { Point } from '../charts/liveChart';
import { readTheme } from '../charts/theme';
import { clear, h } from '../dom';
import { shortMetric, slug } from '../format';
import { shareFamilyScales } from './familyScales';

/** Small multiples skip the thresholds: they are not quality metrics. */
const charted = (key: string, primary: string | null): boolean => key !== primary && !key.endsWith('_threshold');

/**
 * The dashboard's charts: training loss (raw + EMA), learning rate, the primary metric with the
 * baseline dashed, and one small chart per other evaluator metric. Snapshots rebuild; deltas push.
 */
export class DashboardCharts extends ChartSet<LiveChart> {
  private ema = new Ema(0.9);
  private primaryKey: string | null = null;
  private baseline: number | null = null;
  private maxStep = 0;
  private baselines: Record<string, number | null> = {};
  /** The primary metric's chart on its own, so the dashboard can show it high up. */
  readonly primary = h('section', { class: 'chart-grid', id: 'charts-primary', 'aria-label': 'Primary metric' });
  private readonly main = h('div', { class: 'chart-grid', id: 'charts-main' });
  private readonly multiples = h('div', { class: 'chart-grid small', id: 'charts-metrics' });
  readonly element = h('section', { id: 'charts', 'aria-label': 'Charts' }, this.main, h('h3', {}, 'Other metrics'), this.multiples);

  load(series: RunSeriesData, status: RunStatus): void {
    this.destroy();
    clear(this.primary);
    clear(this.main);
    clear(this.multiples);
    this.baselines = {};
    this.baseline = null;
    this.ema = new Ema(0.9);
    this.primaryKey = status.primaryMetric;
    this.maxStep = 0;
    this.add(this.main, 'chart-loss', 'Training loss', [{ label: 'loss', color: 'blue', width: 1 }, { label: 'loss (smoothed)', color: 'orange', width: 2 }]);
    this.add(this.main, 'chart-lr', 'Learning rate', [{ label: 'learning rate', color: 'green' }]);
    const p = status.primaryMetric ? shortMetric(status.primaryMetric) : 'primary metric';
    this.add(this.primary, 'chart-primary', `${p} (primary metric, validation split)`, [{ label: p, color: 'purple', width: 2 }, { label: 'baseline', color: 'foreground', dashed: true, width: 1 }]);
    for (const key of status.metricKeys.filter((k) => charted(k, status.primaryMetric))) this.metricChart(key);
    this.append(series, status, true);
  }

  /** Pushes new points; charts redraw now (snapshot: first paint) or at the next frame (deltas). */
  append(series: RunSeriesData, status: RunStatus, now = false): void {
    const touched = new Set<LiveChart>();
    const push = (id: string, i: number, s: Series) => {
      const c = this.charts.get(id);
      if (!c || s.x.length === 0) return;
      c.append(i, s.x, s.y);
      this.maxStep = Math.max(this.maxStep, s.x[s.x.length - 1]!);
      touched.add(c);
    };
    push('chart-loss', 0, series.loss);
    push('chart-loss', 1, { x: series.loss.x, y: series.loss.y.map((y) => this.ema.next(y)) });
    push('chart-lr', 0, series.learningRate);
    for (const [key, s] of Object.entries(series.metrics)) {
      if (key === this.primaryKey) push('chart-primary', 0, s);
      else if (charted(key, this.primaryKey)) push(this.metricChart(key).id, 0, s);
    }
    // The x-axes end at the last step seen (not the planned total): every step chart shares the range.
    this.maxStep = Math.max(this.maxStep, status.step);
    if (this.updateBaseline(status)) touched.add(this.charts.get('chart-primary')!);
    for (const c of this.updateMultipleBaselines(status)) touched.add(c);
    for (const c of this.charts.values()) if (c.setXMax(this.maxStep)) touched.add(c);
    for (const c of shareFamilyScales(this.multipleCharts())) touched.add(c);
    for (const c of touched) {
      if (now) c.render();
      else c.renderSoon();
    }
  }

  /** The dashed baseline spans the whole x range. */
  private updateBaseline(status: RunStatus): boolean {
    const b = this.primaryKey ? (status.baseline?.[this.primaryKey] ?? null) : null;
    const chart = this.charts.get('chart-primary');
    if (!chart || b === null) return false;
    const end = chart.raw[1]!.at(-1);
    if (b === this.baseline && end?.x === this.maxStep) return false;
    this.baseline = b;
    const line: Point[] = [{ x: 0, y: b }, { x: Math.max(1, this.maxStep), y: b }];
    chart.set(1, line);
    chart.setLabel(1, `baseline ${b.toFixed(3)}`);
    return true;
  }

  /** Each small multiple shows its metric's baseline too (dashed, as on the primary chart). */
  private updateMultipleBaselines(status: RunStatus): LiveChart[] {
    const out: LiveChart[] = [];
    for (const key of status.metricKeys.filter((k) => charted(k, this.primaryKey))) {
      const b = status.baseline?.[key] ?? null;
      const chart = this.charts.get(`chart-metric-${slug(key)}`);
      if (!chart || b === null) continue;
      const end = chart.raw[1]!.at(-1);
      if (this.baselines[key] === b && end?.x === Math.max(1, this.maxStep)) continue;
      this.baselines[key] = b;
      chart.set(1, [{ x: 0, y: b }, { x: Math.max(1, this.maxStep), y: b }]);
      chart.setLabel(1, `baseline ${b.toFixed(3)}`);
      out.push(chart);
    }
    return out;
  }

  private multipleCharts(): Array<{ key: string; chart: LiveChart }> {
    return [...this.charts.entries()].filter(([id]) => id.startsWith('chart-metric-')).map(([id, chart]) => ({ key: id.slice('chart-metric-'.length), chart }));
  }

  private metricChart(key: string): LiveChart {
    const id = `chart-metric-${slug(key)}`;
    return this.charts.get(id) ?? this.add(this.multiples, id, shortMetric(key), [{ label: shortMetric(key), color: 'blue' }, { label: 'baseline', color: 'foreground', dashed: true, width: 1 }], 'small');
  }

  private add(parent: HTMLElement, id: string, title: string, specs: ConstructorParameters<typeof LiveChart>[2], cls = ''): LiveChart {
    const { box, canvas } = chartBox(id, title, cls);
    parent.appendChild(box);
    const chart = new LiveChart(id, canvas, specs, readTheme());
    this.charts.set(id, chart);
    return chart;
  }
}
