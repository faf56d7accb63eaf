import type { ChartConfiguration, PointStyle } from 'chart.js';
import { LogarithmicScale } from 'chart.js';
import type { ChartData } from '../../src/protocol/messages';
import { Chart } from '../charts/chartSetup';
import { tickLabel } from '../charts/liveChart';
import type { Point } from '../charts/liveChart';
import type { ChartTheme, PaletteKey } from '../charts/theme';
import { context2d, themeChart } from '../charts/chartSet';

// Log-scale x for parameters searched with `log: true` (registered here: only the sweep view needs it).
Chart.register(LogarithmicScale);

export interface PointSetSpec {
  label: string;
  color: PaletteKey;
  /** Markers only (a scatter), or a line without markers. */
  line?: boolean;
  marker?: PointStyle;
}

export interface AxisSpec {
  title: string;
  log?: boolean;
  /** Category labels for an index axis. */
  categories?: string[] | null;
  /** Show the legend (off for small multiples: the objective chart's legend explains the markers). */
  legend?: boolean;
}

/**
 * A small chart of points and lines (a few hundred trials at most: no decimation). It owns its
 * raw arrays (read by tests through `data()`); points need not be sorted by x (not `normalized`).
 * Without a 2D context (jsdom) it draws nothing.
 */
export class SweepChart {
  readonly raw: Point[][];
  readonly chart: Chart<'line', Point[]> | null;

  constructor(readonly id: string, canvas: HTMLCanvasElement, readonly specs: PointSetSpec[], x: AxisSpec, yTitle: string, theme: ChartTheme) {
    this.raw = specs.map(() => []);
    const ctx = context2d(canvas);
    const cats = x.categories ?? null;
    const config: ChartConfiguration<'line', Point[]> = {
      type: 'line',
      data: {
        datasets: specs.map((s, i) => ({
          label: s.label, data: this.raw[i]!, showLine: s.line ?? false, stepped: s.line ? 'after' : false,
          pointRadius: s.line ? 0 : 4, pointHoverRadius: 6, pointStyle: s.marker ?? 'circle', borderWidth: s.line ? 2 : 1.5, spanGaps: true,
        })),
      },
      options: {
        animation: false, parsing: false, normalized: false, responsive: true, maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: true },
        scales: {
          x: {
            type: x.log ? 'logarithmic' : 'linear', title: { display: true, text: x.title },
            ...(cats ? { min: -0.5, max: cats.length - 0.5, afterBuildTicks: (axis: { ticks: Array<{ value: number }> }) => { axis.ticks = cats.map((_, value) => ({ value })); } } : {}),
            ticks: { maxRotation: 0, callback: cats ? (v: number | string) => cats[Number(v)] ?? '' : tickLabel },
          },
          y: { type: 'linear', title: { display: Boolean(yTitle), text: yTitle }, ticks: { callback: tickLabel } },
        },
        plugins: { legend: { display: (x.legend ?? true) && specs.length > 1 } },
      },
    };
    this.chart = ctx ? new Chart(ctx, config) : null;
    this.applyTheme(theme, false);
  }

  /** Replaces dataset i's points in place (the chart keeps its reference to the array). */
  set(i: number, points: ReadonlyArray<readonly [number, number | null]>): void {
    const target = this.raw[i]!;
    target.length = 0;
    target.push(...points.map(([x, y]) => ({ x, y })));
  }

  render(): void {
    this.chart?.update('none');
  }

  applyTheme(t: ChartTheme, redraw = true): void {
    const c = this.chart;
    if (!c) return;
    themeChart(c, this.specs, t);
    const legend = c.options.plugins?.legend;
    if (legend) legend.labels = { ...legend.labels, color: t.text, usePointStyle: true };
    if (redraw) c.update('none');
  }

  data(): ChartData[string] {
    return { datasets: this.specs.map((s, i) => ({ label: s.label, points: this.raw[i]!.map((p): [number, number | null] => [p.x, p.y]) })) };
  }

  destroy(): void {
    this.chart?.destroy();
  }
}
