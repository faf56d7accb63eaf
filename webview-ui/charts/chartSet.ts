import type { ChartData } from '../../src/protocol/messages';
import type { Chart } from 'chart.js';
import type { ChartTheme } from './theme';
import { readTheme } from './theme';

export interface ThemedChart {
  applyTheme(t: ChartTheme): void;
  data(): ChartData[string];
  destroy(): void;
}

/** The charts of one view by id: re-themed, read by the test hook and destroyed together. */
export class ChartSet<T extends ThemedChart> {
  protected charts = new Map<string, T>();

  retheme(): void {
    const t = readTheme();
    for (const c of this.charts.values()) c.applyTheme(t);
  }

  data(): ChartData {
    const out: ChartData = {};
    for (const [id, c] of this.charts) out[id] = c.data();
    return out;
  }

  destroy(): void {
    for (const c of this.charts.values()) c.destroy();
    this.charts.clear();
  }
}

/** A 2D context, or null where there is none (jsdom): charts then keep data and draw nothing. */
export function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  try {
    return canvas.getContext('2d');
  } catch {
    return null;
  }
}

/** Colours a chart's datasets (by each spec's colour key) and axes from the current theme. */
export function themeChart(c: Chart<'line', unknown[]>, specs: ReadonlyArray<{ color: string }>, t: ChartTheme): void {
  c.data.datasets.forEach((d, i) => {
    const col = t.color[specs[i]!.color as keyof ChartTheme['color']];
    d.borderColor = col;
    d.backgroundColor = col;
  });
  for (const axis of ['x', 'y'] as const) {
    const s = c.options.scales?.[axis];
    if (!s) continue;
    s.ticks = { ...s.ticks, color: t.text };
    s.grid = { ...s.grid, color: t.grid };
    if ('title' in s && s.title) s.title.color = t.text;
  }
}
