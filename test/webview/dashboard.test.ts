// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/core/events/protocol';
import { summarize } from '../../src/core/events/reducer';
import { createRunSummary } from '../../src/core/events/runSummary';
import { applyEvent } from '../../src/core/events/reducer';
import { DashboardFeed } from '../../src/extension/panel/dashboardModel';
import type { ChartData } from '../../src/protocol/messages';
import { App } from '../../webview-ui/app';
import { fakeApi, goldenEvents, metaFor, setupDom } from './fixtures';

let app: App | undefined;
afterEach(() => app?.dispose());

function render(events: RunEvent[], state: 'running' | 'completed' | 'failed', log: string[] = []) {
  const root = setupDom('dashboard');
  const api = fakeApi();
  app = new App(api, root);
  const feed = new DashboardFeed();
  const snap = feed.snapshot(metaFor(events, state), summarize(events), log);
  expect(app.handle({ type: 'run.snapshot', ...snap })).toBe(true);
  return { root, api, feed };
}

const text = (sel: string) => document.querySelector(sel)?.textContent?.trim();
const cell = (metric: string, col: string) => text(`#summary-table tr[data-metric="${metric}"] td[data-col="${col}"]`);

/** What the charts must hold, straight from the events. */
function expectedPoints(events: RunEvent[]) {
  const train = events.flatMap((e) => (e.type === 'train_log' ? [[e.step, e.loss] as const] : []));
  const lr = events.flatMap((e) => (e.type === 'train_log' ? [[e.step, e.learning_rate] as const] : []));
  const metric = (key: string) => events.flatMap((e) => (e.type === 'baseline' ? [[0, e.metrics[key] ?? null] as const] : e.type === 'eval' ? [[e.step, e.metrics[key] ?? null] as const] : []));
  return { train, lr, metric };
}

const points = (charts: ChartData, id: string, i = 0) => charts[id]!.datasets[i]!.points;

describe('run dashboard against the golden streams', () => {
  it('completed.jsonl: header, summary table baseline -> fine-tuned matching the completed event', () => {
    const events = goldenEvents('completed.jsonl');
    render(events, 'completed', ['line 1', 'last line']);
    const done = events.find((e) => e.type === 'completed')!;
    if (done.type !== 'completed') throw new Error('no completed event');
    expect(document.body.dataset['fteReady']).toBe('1');
    expect(text('#run-state')).toBe('completed');
    expect(text('#run-gpu')).toContain('A10G');
    expect(text('#run-eta')).toBe('done');
    expect(text('#run-elapsed')).toBe('23s');
    expect(text('#run-cost')).toMatch(/^\$0\.01 at \$1\.10\/h$/);
    expect(document.querySelector('#run-progress')?.getAttribute('value')).toBe('100');
    expect(text('#summary h3')).toBe('Test split: base model → fine-tuned');
    // The report line: the gain with its interval and verdict, and where the numbers come from.
    expect(text('#summary-report')).toBe('cosine_ap: 0.8212 → 0.8731, +0.0519 (95% CI +0.0210 to +0.0830) — better. Test split, 404 items.');
    expect(text('[data-testid="summary-also"]')).toBe('Also last-quarter: cosine_ap 0.8012 → 0.7954, −0.0058 (95% CI −0.0191 to +0.0074) — no clear change, 250 items.');
    for (const [key, final] of Object.entries(done.final_metrics)) {
      const base = done.baseline_metrics[key]!;
      expect(cell(key, 'baseline')).toBe(base.toFixed(4));
      expect(cell(key, 'final')).toBe(final!.toFixed(4));
      const delta = done.deltas[key]!;
      expect(cell(key, 'delta')).toBe(`${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(4)}`);
    }
    expect(cell('eval_dev_cosine_ap', 'delta')).toBe('+0.0519');
    expect(cell('eval_dev_cosine_ap', 'relative')).toBe('+6.3%');
    expect(document.querySelector('#summary-table tr.primary')?.getAttribute('data-metric')).toBe('eval_dev_cosine_ap');
    expect(text('#log-tail')).toBe('line 1\nlast line');
    // A completed run shows only the actions that apply: no Cancel, Re-run first.
    expect((document.querySelector('#action-cancel') as HTMLElement).hidden).toBe(true);
    expect((document.querySelector('#action-copy-push') as HTMLElement).hidden).toBe(false);
    expect(document.querySelector('#action-copy-push')?.hasAttribute('disabled')).toBe(false);
    const shown = [...document.querySelectorAll<HTMLElement>('#run-actions [data-action]')].filter((b) => !b.hidden);
    expect(shown[0]!.id).toBe('action-rerun');
    expect(shown[0]!.hasAttribute('secondary')).toBe(false);
  });

  it('completed.jsonl: the headline says base → fine-tuned, the gain, its interval and verdict, and where', () => {
    render(goldenEvents('completed.jsonl'), 'completed');
    expect(text('#headline-title')).toBe('Base → fine-tuned: ap 0.821 → 0.873');
    expect(text('#headline-change')).toBe('+0.052 (95% CI +0.021 to +0.083), better');
    expect(text('#headline-where')).toBe('Measured on the test split, 404 items.');
    // The headline, the primary chart and Try it come first: the table cannot push them below the fold.
    const order = ['headline', 'charts-primary', 'try-it', 'summary', 'charts'].map((id) => document.getElementById(id)!);
    for (let i = 1; i < order.length; i++) expect(order[i - 1]!.compareDocumentPosition(order[i]!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('completed.jsonl: the table shows the primary metric, the others collapsed behind a toggle', () => {
    render(goldenEvents('completed.jsonl'), 'completed');
    const rows = [...document.querySelectorAll<HTMLElement>('#summary-table tbody tr')];
    expect(rows[0]!.getAttribute('data-metric')).toBe('eval_dev_cosine_ap');
    expect(rows.filter((r) => !r.hidden).map((r) => r.getAttribute('data-metric'))).toEqual(['eval_dev_cosine_ap']);
    const more = document.querySelector<HTMLButtonElement>('#summary-more')!;
    expect(more.textContent).toBe('Show 7 more metrics');
    more.click();
    expect(rows.every((r) => !r.hidden)).toBe(true);
    expect(more.getAttribute('aria-expanded')).toBe('true');
  });

  it('a local run leaves out the cost and Modal phase fields; a running one shows Cancel first', () => {
    const events = goldenEvents('completed.jsonl');
    const root = setupDom('dashboard');
    app = new App(fakeApi(), root);
    const half = events.findIndex((e) => e.type === 'eval') + 1;
    app.handle({ type: 'run.snapshot', ...new DashboardFeed().snapshot({ ...metaFor(events, 'running'), backend: 'local' }, summarize(events.slice(0, half)), []) });
    expect(document.querySelector('#run-cost')!.parentElement!.hidden).toBe(true);
    expect(document.querySelector('#run-phase')!.parentElement!.hidden).toBe(true);
    expect(document.querySelector('#run-gpu')!.parentElement!.hidden).toBe(false);
    const shown = [...document.querySelectorAll<HTMLElement>('#run-actions [data-action]')].filter((b) => !b.hidden);
    expect(shown[0]!.id).toBe('action-cancel');
    // While running, the headline is the best validation score so far, labelled as such.
    expect(text('#headline-title')).toMatch(/^Base → best so far: ap 0\.821 → /);
    expect(text('#headline-where')).toMatch(/^Measured on the validation split/);
  });

  it('completed.jsonl: the charts hold exactly the events\' points (raw, not decimated)', () => {
    const events = goldenEvents('completed.jsonl');
    const { api } = render(events, 'completed');
    const exp = expectedPoints(events);
    app!.handle({ type: 'test.getChartData' });
    const reply = api.posted.at(-1)!;
    expect(reply.type).toBe('test.chartData');
    const charts = (reply as { charts: ChartData }).charts;
    expect(points(charts, 'chart-loss')).toEqual(exp.train);
    expect(charts['chart-loss']!.datasets[1]!.label).toBe('loss (smoothed)');
    expect(points(charts, 'chart-lr')).toEqual(exp.lr);
    expect(points(charts, 'chart-primary')).toEqual(exp.metric('eval_dev_cosine_ap'));
    expect(points(charts, 'chart-primary', 1).map((p) => p[1])).toEqual([0.8212, 0.8212]);
    expect(points(charts, 'chart-metric-cosine_f1')).toEqual(exp.metric('eval_dev_cosine_f1'));
    // Small multiples show their baseline too, across the run's steps.
    const f1Base = exp.metric('eval_dev_cosine_f1')[0]![1];
    expect(points(charts, 'chart-metric-cosine_f1', 1).map((p) => p[1])).toEqual([f1Base, f1Base]);
    // ...to the same last step as the primary chart's baseline (one x-range for every step chart).
    expect(points(charts, 'chart-metric-cosine_f1', 1).at(-1)![0]).toBe(points(charts, 'chart-primary', 1).at(-1)![0]);
    expect(Object.keys(charts).filter((k) => k.endsWith('threshold'))).toEqual([]);
    for (const id of Object.keys(charts)) expect(document.getElementById(id)?.tagName).toBe('CANVAS');
  });

  it('collapse-warning.jsonl: the collapsed-loss warning is shown first and as an alert', () => {
    const events = goldenEvents('collapse-warning.jsonl');
    render(events, 'completed');
    const warnings = [...document.querySelectorAll('[data-testid="warning"]')];
    expect(warnings.map((w) => w.getAttribute('data-code'))).toEqual(['collapsed_loss', 'nan_loss', 'empty_rows']);
    expect(warnings[0]!.getAttribute('role')).toBe('alert');
    expect(warnings[0]!.textContent).toContain('The loss looks collapsed');
    expect(warnings[0]!.textContent).toContain('Lower the learning rate');
  });

  it('failed-oom.jsonl: the error and its hint are shown', () => {
    const events = goldenEvents('failed-oom.jsonl');
    render(events, 'failed');
    const err = document.querySelector('#run-error');
    expect(err?.getAttribute('role')).toBe('alert');
    expect(err?.textContent).toMatch(/out of memory/);
    expect(text('#run-state')).toBe('failed');
  });

  it('a running run whose window lost contact with Modal shows "reconnecting", and plain "running" once back', () => {
    const events = goldenEvents('completed.jsonl');
    const half = events.findIndex((e) => e.type === 'eval');
    const root = setupDom('dashboard');
    app = new App(fakeApi(), root);
    const feed = new DashboardFeed();
    const s = summarize(events.slice(0, half));
    const lost = { ...metaFor(events, 'running'), connection: 'reconnecting' as const };
    app.handle({ type: 'run.snapshot', ...feed.snapshot(lost, s, []) });
    const state = document.querySelector('#run-state')!;
    expect(state.textContent).toBe('running · reconnecting to Modal…');
    expect(state.hasAttribute('data-reconnecting')).toBe(true);
    expect(state.getAttribute('data-state')).toBe('running'); // still a running run, not a failure
    app.handle({ type: 'run.delta', ...feed.delta({ ...lost, connection: null }, s, [])! });
    expect(state.textContent).toBe('running');
    expect(state.hasAttribute('data-reconnecting')).toBe(false);
    // An ended run never shows it, whatever its record says.
    app.handle({ type: 'run.snapshot', ...feed.snapshot({ ...metaFor(events, 'completed'), connection: 'reconnecting' }, summarize(events), []) });
    expect(state.textContent).toBe('completed');
  });

  it('deltas append only the new points, ending equal to a snapshot of the whole stream', () => {
    const events = goldenEvents('completed.jsonl');
    const half = events.findIndex((e) => e.type === 'eval') + 2;
    const root = setupDom('dashboard');
    const api = fakeApi();
    app = new App(api, root);
    const feed = new DashboardFeed();
    const s = createRunSummary();
    for (const e of events.slice(0, half)) applyEvent(s, e);
    app.handle({ type: 'run.snapshot', ...feed.snapshot(metaFor(events, 'running'), s, []) });
    expect(text('#run-state')).toBe('running');
    expect(text('#summary h3')).toBe('Validation split: baseline → latest evaluation');
    expect(text('#summary-report')).toMatch(/^Live numbers are the validation split's \(364 rows\)/);
    for (const e of events.slice(half)) {
      applyEvent(s, e);
      const d = feed.delta(metaFor(events, 'running'), s, [])!;
      expect(d).toBeDefined();
      expect(d.append.loss.x.length).toBeLessThanOrEqual(1);
      app.handle({ type: 'run.delta', ...d });
    }
    app.handle({ type: 'test.getChartData' });
    const charts = (api.posted.at(-1) as { charts: ChartData }).charts;
    const exp = expectedPoints(events);
    expect(points(charts, 'chart-loss')).toEqual(exp.train);
    expect(points(charts, 'chart-primary')).toEqual(exp.metric('eval_dev_cosine_ap'));
  });

  it('resumed.jsonl: a resume that drops stale points asks for a snapshot instead of a delta', () => {
    const events = goldenEvents('resumed.jsonl');
    const second = events.findIndex((e, i) => i > 0 && e.type === 'run_started');
    const s = createRunSummary();
    const feed = new DashboardFeed();
    for (const e of events.slice(0, second)) applyEvent(s, e);
    feed.snapshot(metaFor(events, 'running'), s, []);
    for (const e of events.slice(second)) applyEvent(s, e);
    const staleAfterResume = s.series.loss.length < events.slice(0, second).filter((e) => e.type === 'train_log').length;
    expect(feed.delta(metaFor(events, 'running'), s, []) === undefined).toBe(staleAfterResume);
  });

  it('test.enable exposes window.__fteTest.chartData() only after the host asked', () => {
    render(goldenEvents('completed.jsonl'), 'completed');
    expect(window.__fteTest).toBeUndefined();
    app!.handle({ type: 'test.enable' });
    expect(window.__fteTest!.view()).toBe('dashboard');
    expect(Object.keys(window.__fteTest!.chartData())).toContain('chart-primary');
    delete window.__fteTest;
  });
});
