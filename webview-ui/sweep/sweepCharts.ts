import type { SweepStatus, SweepTrial } from '../../src/protocol/sweepModels';
import { chartBox } from '../charts/chartBox';
import { ChartSet } from '../charts/chartSet';
import { readTheme } from '../charts/theme';
import { clear, h } from '../dom';
import { shortMetric } from '../format';
import { SweepChart } from './sweepChart';
import type { PointSetSpec } from './sweepChart';
import { bestSoFar, paramAxis, plottedValue } from './sweepMath';
import type { ParamAxis } from './sweepMath';

/** Markers differ by shape as well as colour, so states read without colour. */
export const STATE_SETS: Array<PointSetSpec & { state: SweepTrial['state'] }> = [
  { state: 'complete', label: 'complete', color: 'blue', marker: 'circle' },
  { state: 'pruned', label: 'pruned (last report)', color: 'yellow', marker: 'triangle' },
  { state: 'collapsed', label: 'collapsed', color: 'orange', marker: 'rectRot' },
  { state: 'failed', label: 'failed', color: 'red', marker: 'crossRot' },
];

export const paramChartId = (name: string): string => `chart-sweep-param-${name.replace(/[^\w-]+/g, '-')}`;

/**
 * The objective per trial (markers by state, with the best-so-far step line) and one plot of
 * objective against value per parameter (log x for `log: true` parameters, categories by index).
 */
export class SweepCharts extends ChartSet<SweepChart> {
  private shape = '';
  private readonly objective = h('div', { class: 'chart-grid', id: 'sweep-charts-main' });
  private readonly params = h('div', { class: 'chart-grid small', id: 'sweep-charts-params' });
  readonly element = h('section', { id: 'sweep-charts', 'aria-label': 'Sweep charts' }, this.objective,
    h('h3', {}, 'Objective by parameter'), this.params);

  render(status: SweepStatus, trials: readonly SweepTrial[]): void {
    const metric = shortMetric(status.metric);
    const axes = status.paramNames.map((n) => paramAxis(n, status.space, trials));
    const shape = JSON.stringify([metric, axes.map((a) => [a.name, a.log, a.categories])]);
    if (shape !== this.shape) this.build(metric, axes);
    this.shape = shape;
    const objective = this.charts.get('chart-sweep-objective')!;
    STATE_SETS.forEach((s, i) => objective.set(i, trials.filter((t) => t.state === s.state).map((t) => [t.trial, plottedValue(t)])));
    objective.set(STATE_SETS.length, bestSoFar(trials, status.direction));
    objective.render();
    for (const axis of axes) {
      const chart = this.charts.get(paramChartId(axis.name))!;
      STATE_SETS.slice(0, 3).forEach((s, i) => chart.set(i, trials.flatMap((t) => {
        const x = axis.x(t.params[axis.name]);
        return t.state === s.state && x !== null ? [[x, plottedValue(t)] as const] : [];
      })));
      chart.render();
    }
  }

  private build(metric: string, axes: ParamAxis[]): void {
    this.destroy();
    clear(this.objective);
    clear(this.params);
    const best: PointSetSpec = { label: 'best so far', color: 'green', line: true };
    this.add(this.objective, 'chart-sweep-objective', `${metric} per trial`, [...STATE_SETS, best], { title: 'trial' }, metric, 'wide');
    for (const a of axes) {
      this.add(this.params, paramChartId(a.name), `${metric} vs ${a.name}${a.log ? ' (log scale)' : ''}`, STATE_SETS.slice(0, 3),
        { title: a.name, log: a.log, categories: a.categories, legend: false }, metric, 'small');
    }
    if (!axes.length) this.params.append(h('p', { class: 'muted' }, 'No parameters yet.'));
  }

  private add(parent: HTMLElement, id: string, title: string, specs: PointSetSpec[], x: ConstructorParameters<typeof SweepChart>[3], y: string, cls: string): void {
    const { box, canvas } = chartBox(id, title, cls);
    parent.append(box);
    this.charts.set(id, new SweepChart(id, canvas, specs, x, y, readTheme()));
  }
}
