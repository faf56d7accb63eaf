import type { ChartConfiguration } from 'chart.js';
import type { ChartData } from '../../src/protocol/messages';
import { Chart } from './chartSetup';
import type { ChartTheme, PaletteKey } from './theme';
import { context2d, themeChart } from './chartSet';

export interface DatasetSpec {
  label: string;
  color: PaletteKey;
  dashed?: boolean;
  width?: number;
}

export type Point = { x: number; y: number | null };

/** Points per push(...) call: few calls, and well under the engine's argument limit. */
const CHUNK = 20_000;

/** Large-run settings (measured): no animation, pre-parsed normalised data, LTTB decimation to 1000 samples. */
export const FAST_OPTIONS = { animation: false, parsing: false, normalized: true, samples: 1000 } as const;

/** Tick labels without Intl.NumberFormat (a measurable share of each update with many charts). */
export function tickLabel(v: number | string): string {
  const n = typeof v === 'number' ? v : Number(v);
  if (n === 0) return '0';
  const a = Math.abs(n);
  if (a >= 1e4 || a < 1e-3) return n.toExponential(a >= 1e4 ? 0 : 1).replace('e+', 'e');
  return String(Number(n.toPrecision(3)));
}

/**
 * One line chart that owns its raw point arrays: chart.js's decimation replaces `dataset.data`
 * with a decimated copy, so the raw arrays here are the truth (appended with push, read by tests).
 * Without a 2D context (jsdom) it keeps the data and draws nothing.
 */
export class LiveChart {
  readonly raw: Point[][];
  readonly chart: Chart<'line', Point[]> | null;
  private dirty = false;

  constructor(readonly id: string, readonly canvas: HTMLCanvasElement, readonly specs: DatasetSpec[], theme: ChartTheme, yTitle = '') {
    this.raw = specs.map(() => []);
    const ctx = context2d(canvas);
    const config: ChartConfiguration<'line', Point[]> = {
      type: 'line',
      data: { datasets: specs.map((s, i) => ({ label: s.label, data: this.raw[i]!, pointRadius: 0, pointHitRadius: 4, borderWidth: s.width ?? 1.5, borderDash: s.dashed ? [6, 4] : [], spanGaps: false, indexAxis: 'x' })) },
      options: {
        animation: FAST_OPTIONS.animation, parsing: FAST_OPTIONS.parsing, normalized: FAST_OPTIONS.normalized,
        responsive: true, maintainAspectRatio: false,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          // bounds 'data': the axis ends at the data (and at setXMax), not at the next round tick.
          x: { type: 'linear', bounds: 'data', min: 0, title: { display: true, text: 'step' }, ticks: { callback: tickLabel, maxRotation: 0 } },
          y: { type: 'linear', title: { display: Boolean(yTitle), text: yTitle }, ticks: { callback: tickLabel } },
        },
        plugins: {
          decimation: { enabled: true, algorithm: 'lttb', samples: FAST_OPTIONS.samples },
          // Legend swatches are short lines in each dataset's width and dash (a dashed baseline looks dashed).
          legend: { display: specs.length > 1, labels: { usePointStyle: true, pointStyle: 'line', pointStyleWidth: 28 } },
          tooltip: { callbacks: {
            title: (items) => (items[0] ? `step ${items[0].parsed.x}` : ''),
            label: (item) => `${this.specs[item.datasetIndex]?.label ?? ''}: ${item.parsed.y === null ? '—' : tickLabel(Number(item.parsed.y.toPrecision(4)))}`,
          } },
        },
      },
    };
    this.chart = ctx ? new Chart(ctx, config) : null;
    this.applyTheme(theme, false);
  }

  /**
   * Appends a batch of points to dataset i (x must keep increasing). chart.js hooks the array's
   * push to insert elements, so points go in with one push per chunk, never one per point.
   */
  append(i: number, xs: readonly number[], ys: readonly (number | null)[]): void {
    const target = this.raw[i]!;
    const batch = new Array<Point>(xs.length);
    for (let k = 0; k < xs.length; k++) batch[k] = { x: xs[k]!, y: ys[k] ?? null };
    if (batch.length <= CHUNK) target.push(...batch);
    else for (let k = 0; k < batch.length; k += CHUNK) target.push(...batch.slice(k, k + CHUNK));
  }

  /** Replaces dataset i's points in place (the chart keeps its reference to the array). */
  set(i: number, points: Point[]): void {
    const target = this.raw[i]!;
    target.length = 0;
    for (let k = 0; k < points.length; k += CHUNK) target.push(...points.slice(k, k + CHUNK));
  }

  /** Ends the x-axis at `max` (the last step seen); true when it changed. */
  setXMax(max: number): boolean {
    const x = this.chart?.options.scales?.['x'];
    if (!x || x.max === Math.max(1, max)) return false;
    x.max = Math.max(1, max);
    return true;
  }

  /** Fixes the y-range (shared by a family of small multiples); true when it changed. */
  setYRange(min: number, max: number): boolean {
    const y = this.chart?.options.scales?.['y'];
    if (!y || (y.min === min && y.max === max)) return false;
    y.min = min;
    y.max = max;
    return true;
  }

  /** The legend's text for dataset i (e.g. "baseline 0.821"); tests read the spec's label. */
  setLabel(i: number, label: string): void {
    const d = this.chart?.data.datasets[i];
    if (d) d.label = label;
  }

  /** Redraws now. */
  render(): void {
    this.dirty = false;
    this.chart?.update('none');
  }

  /** Redraws at the next animation frame, once however many batches arrive before it. */
  renderSoon(): void {
    if (this.dirty || !this.chart) return;
    this.dirty = true;
    requestAnimationFrame(() => {
      if (this.dirty) this.render();
    });
  }


  applyTheme(t: ChartTheme, redraw = true): void {
    const c = this.chart;
    if (!c) return;
    themeChart(c, this.specs, t);
    const legend = c.options.plugins?.legend;
    if (legend) legend.labels = { ...legend.labels, color: t.text };
    if (redraw) c.update('none');
  }

  data(): ChartData[string] {
    return { datasets: this.specs.map((s, i) => ({ label: s.label, points: this.raw[i]!.map((p): [number, number | null] => [p.x, p.y]) })) };
  }

  destroy(): void {
    this.chart?.destroy();
  }
}
