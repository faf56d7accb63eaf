// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { summarizeSweep } from '../../src/core/sweeps/sweepSummary';
import { sweepModel } from '../../src/extension/panel/sweepModel';
import type { ChartData } from '../../src/protocol/messages';
import { App } from '../../webview-ui/app';
import { IMPORTANCES, SWEEP_ID, sweepJob, sweepMeta, workerEvents } from '../fixtures/sweeps/quoraSweep';
import { fakeApi, noCanvas } from './fixtures';

let app: App | undefined;
afterEach(() => app?.dispose());

function snapshot(opts: { completed?: boolean; direction?: 'maximize' | 'minimize'; withRun?: number[]; focusTrial?: number | null } = {}) {
  const completed = opts.completed ?? false;
  const sweep = { ...sweepJob().sweep!, direction: opts.direction ?? 'maximize' };
  const summary = summarizeSweep([workerEvents(0, completed), workerEvents(1, completed)]);
  const { status, trials } = sweepModel({ meta: sweepMeta(completed ? 'completed' : 'running'), sweep, summary, hasRun: (id) => (opts.withRun ?? []).some((n) => id === `${SWEEP_ID}-t${n}`) });
  return { type: 'sweep.snapshot' as const, status, trials, focusTrial: opts.focusTrial ?? null };
}

function render(m = snapshot()) {
  noCanvas();
  document.body.innerHTML = '<main id="app"></main>';
  document.body.dataset['view'] = 'sweep';
  const api = fakeApi();
  app = new App(api, document.getElementById('app')!);
  expect(api.posted[0]).toEqual({ type: 'ready', view: 'sweep' });
  expect(app.handle(m)).toBe(true);
  return api;
}

const text = (sel: string) => document.querySelector(sel)?.textContent?.trim();
const rowOrder = () => Array.from(document.querySelectorAll<HTMLElement>('#sweep-trials-table tbody tr')).map((r) => Number(r.dataset['trial']));
const sortButton = (key: string) => Array.from(document.querySelectorAll<HTMLButtonElement>('#sweep-trials-table button[data-sort]')).find((b) => b.dataset['sort'] === key)!;
const points = (charts: ChartData, id: string, label: string) => charts[id]!.datasets.find((d) => d.label === label)!.points;

describe('sweep dashboard', () => {
  it('header: state, trials done / total, best, cost of all workers, objective and direction', () => {
    render();
    expect(document.body.dataset['fteReady']).toBe('1');
    expect(text('#sweep-state')).toBe('running');
    expect(text('#sweep-trials-done')).toBe('7 / 12 (4 in parallel)');
    expect(text('#sweep-best')).toBe('0.8600 (trial 6)');
    expect(text('#sweep-metric')).toBe('cosine_ap (maximize)');
    expect(text('#sweep-cost')).toMatch(/at \$3\.20\/h \(all workers\)$/);
    expect(text('#sweep-best-params')).toBe('learning_rate: 0.00003\nbatch_size: 32\nloss_args.margin: 0.4');
    expect(document.querySelector('#sweep-importances-pending')?.textContent).toBe('Available when the sweep completes.');
    expect(document.querySelector('#sweep-cancel')?.hasAttribute('disabled')).toBe(false);
  });

  it('the trials table has a row per trial, marks non-complete trials with an icon and words, and the best', () => {
    render();
    expect(rowOrder()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const [n, state, icon] of [[1, 'pruned', 'debug-step-over'], [3, 'failed', 'error'], [4, 'collapsed', 'warning'], [7, 'running', 'sync']] as const) {
      const row = document.querySelector<HTMLElement>(`#sweep-trials-table tr[data-trial="${n}"]`)!;
      expect(row.dataset['state']).toBe(state);
      expect(row.querySelector('[data-col="state"]')!.textContent!.trim()).toBe(state);
      expect(row.querySelector('[data-col="state"] vscode-icon')!.getAttribute('name')).toBe(icon);
    }
    expect(document.querySelector('tr[data-trial="3"]')!.getAttribute('title')).toBe('CUDA out of memory.');
    expect(document.querySelector('tr[data-trial="6"]')!.classList.contains('best')).toBe(true);
    expect(text('tr[data-trial="6"] [data-col="value"]')).toBe('0.8600');
    expect(text('tr[data-trial="1"] [data-col="value"]')).toBe('—');
    expect(text('tr[data-trial="0"] [data-col="param:learning_rate"]')).toBe('2.00e-5');
  });

  it('sorts by objective, state and a parameter; a second click reverses; missing values stay last', () => {
    render();
    sortButton('value').click();
    expect(rowOrder()).toEqual([6, 2, 5, 0, 4, 1, 3, 7]);
    expect(sortButton('value').parentElement!.getAttribute('aria-sort')).toBe('descending');
    expect(document.activeElement).toBe(sortButton('value'));
    sortButton('value').click();
    expect(rowOrder()).toEqual([4, 0, 5, 2, 6, 1, 3, 7]);
    sortButton('param:batch_size').click();
    expect(rowOrder()).toEqual([2, 4, 7, 0, 5, 6, 1, 3]);
    sortButton('state').click();
    expect(rowOrder().slice(0, 5)).toEqual([0, 2, 5, 6, 7]);
    // A new snapshot keeps the sort.
    app!.handle(snapshot());
    expect(rowOrder().slice(0, 5)).toEqual([0, 2, 5, 6, 7]);
  });

  it('objective chart: points by state and the best-so-far line (maximize and minimize)', () => {
    render();
    let charts = app!.chartData();
    expect(points(charts, 'chart-sweep-objective', 'complete')).toEqual([[0, 0.8], [2, 0.84], [5, 0.82], [6, 0.86]]);
    expect(points(charts, 'chart-sweep-objective', 'pruned (last report)')).toEqual([[1, 0.6]]);
    expect(points(charts, 'chart-sweep-objective', 'collapsed')).toEqual([[4, 0.5]]);
    expect(points(charts, 'chart-sweep-objective', 'failed')).toEqual([[3, null]]);
    expect(points(charts, 'chart-sweep-objective', 'best so far')).toEqual([[0, 0.8], [1, 0.8], [2, 0.84], [3, 0.84], [4, 0.84], [5, 0.84], [6, 0.86], [7, 0.86]]);
    app!.handle(snapshot({ direction: 'minimize' }));
    charts = app!.chartData();
    // The collapsed trial's 0.50 is never a best.
    expect(points(charts, 'chart-sweep-objective', 'best so far').map(([, y]) => y)).toEqual([0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8]);
    expect(text('#sweep-best')).toBe('0.8000 (trial 0)');
  });

  it('a plot per parameter: numeric x (log-scale title for log params), categorical choices by index', () => {
    render();
    const charts = app!.chartData();
    expect(Object.keys(charts).sort()).toEqual(['chart-sweep-objective', 'chart-sweep-param-batch_size', 'chart-sweep-param-learning_rate', 'chart-sweep-param-loss_args-margin']);
    expect(points(charts, 'chart-sweep-param-learning_rate', 'complete')).toEqual([[2e-5, 0.8], [5e-5, 0.84], [1e-5, 0.82], [3e-5, 0.86]]);
    expect(points(charts, 'chart-sweep-param-batch_size', 'complete')).toEqual([[1, 0.8], [0, 0.84], [1, 0.82], [1, 0.86]]);
    expect(points(charts, 'chart-sweep-param-loss_args-margin', 'pruned (last report)')).toEqual([[0.9, 0.6]]);
    expect(text('[data-chart="chart-sweep-param-learning_rate"] figcaption')).toBe('cosine_ap vs learning_rate (log scale)');
    expect(text('[data-chart="chart-sweep-param-batch_size"] figcaption')).toBe('cosine_ap vs batch_size');
  });

  it('importances as a bar list once completed, largest first', () => {
    render(snapshot({ completed: true }));
    const items = Array.from(document.querySelectorAll<HTMLElement>('#sweep-importances-list li'));
    expect(items.map((li) => li.dataset['param'])).toEqual(['learning_rate', 'loss_args.margin', 'batch_size']);
    expect(items[0]!.querySelector('meter')!.getAttribute('value')).toBe(String(IMPORTANCES.learning_rate));
    expect(items[0]!.querySelector('.bar-value')!.textContent).toBe('62.0%');
    expect(text('#sweep-state')).toBe('completed');
    expect(document.querySelector('#sweep-cancel')?.hasAttribute('disabled')).toBe(true);
    expect(document.querySelector('#sweep-best-section')!.textContent).toContain('/vol/runs/sweep-quora-sweep/study.db');
  });

  it('a trial without a run record opens inline (click or Enter) with its reports chart; one with a record asks the host', () => {
    const api = render(snapshot({ withRun: [2] }));
    const detail = document.querySelector<HTMLElement>('#sweep-trial-detail')!;
    expect(detail.hidden).toBe(true);
    document.querySelector<HTMLElement>('tr[data-trial="1"]')!.click();
    expect(detail.hidden).toBe(false);
    expect(detail.dataset['trial']).toBe('1');
    expect(text('#sweep-trial-reason')).toMatch(/^Pruned at step 50/);
    expect(app!.chartData()['chart-sweep-trial']!.datasets[0]!.points).toEqual([[50, 0.6]]);
    expect(document.querySelector('tr[data-trial="1"]')!.getAttribute('aria-selected')).toBe('true');
    document.querySelector<HTMLElement>('tr[data-trial="4"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(detail.dataset['trial']).toBe('4');
    expect(app!.chartData()['chart-sweep-trial']!.datasets[0]!.points).toEqual([[50, 0.5], [100, 0.5]]);
    document.querySelector<HTMLElement>('tr[data-trial="2"]')!.click();
    expect(api.posted.at(-1)).toEqual({ type: 'sweep.openTrial', sweepId: SWEEP_ID, trial: 2 });
    expect(detail.dataset['trial']).toBe('4');
  });

  it('the host can focus a trial (a tree click); Copy posts the best parameters', () => {
    const api = render(snapshot({ focusTrial: 3 }));
    expect(document.querySelector<HTMLElement>('#sweep-trial-detail')!.dataset['trial']).toBe('3');
    expect(text('#sweep-trial-detail')).toContain('No intermediate values reported.');
    document.querySelector<HTMLElement>('#sweep-copy-best')!.click();
    expect(api.posted.at(-1)).toEqual({ type: 'sweep.copy', text: 'learning_rate: 0.00003\nbatch_size: 32\nloss_args.margin: 0.4' });
    document.querySelector<HTMLElement>('#sweep-cancel')!.click();
    expect(api.posted.at(-1)).toEqual({ type: 'run.action', runId: SWEEP_ID, action: 'cancel' });
  });
});
