// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { parseHostMessage, parseWebviewMessage } from '../../src/protocol/messages';
import { App } from '../../webview-ui/app';
import { fakeApi, setupDom } from './fixtures';

let app: App | undefined;
afterEach(() => app?.dispose());

describe('message validation', () => {
  it('accepts well-formed messages both ways', () => {
    expect(parseWebviewMessage({ type: 'ready', view: 'dashboard' }).ok).toBe(true);
    expect(parseWebviewMessage({ type: 'run.action', runId: 'r1', action: 'cancel' }).ok).toBe(true);
    expect(parseHostMessage({ type: 'test.getChartData' }).ok).toBe(true);
    const curve = { x: [1, 2], y: [0.5, null] };
    expect(parseHostMessage({ type: 'compare.snapshot', runs: [{ runId: 'a', name: 'a', state: 'completed', primaryMetric: null, curve, baseline: null, final: null, config: {} }], diffKeys: [], metricKeys: [] }).ok).toBe(true);
  });

  it.each([
    ['not an object', 'hello'],
    ['unknown type', { type: 'run.explode' }],
    ['missing fields', { type: 'run.snapshot' }],
    ['series columns of different lengths', { type: 'compare.snapshot', runs: [{ runId: 'a', name: 'a', state: 'completed', primaryMetric: null, curve: { x: [1, 2], y: [0.5] }, baseline: null, final: null, config: {} }], diffKeys: [], metricKeys: [] }],
    ['wrong value type', { type: 'wizard.result', ok: 'yes', message: 'x', path: null }],
    ['a step that is not a number', { type: 'compare.snapshot', runs: [{ runId: 'a', name: 'a', state: 'completed', primaryMetric: null, curve: { x: [1, '2'], y: [0.5, 0.6] }, baseline: null, final: null, config: {} }], diffKeys: [], metricKeys: [] }],
    ['a NaN value', { type: 'compare.snapshot', runs: [{ runId: 'a', name: 'a', state: 'completed', primaryMetric: null, curve: { x: [1, 2], y: [0.5, Number.NaN] }, baseline: null, final: null, config: {} }], diffKeys: [], metricKeys: [] }],
    ['a null step', { type: 'compare.snapshot', runs: [{ runId: 'a', name: 'a', state: 'completed', primaryMetric: null, curve: { x: [null, 2], y: [0.5, null] }, baseline: null, final: null, config: {} }], diffKeys: [], metricKeys: [] }],
  ])('the webview rejects a host message with %s', (_what, raw) => {
    expect(parseHostMessage(raw).ok).toBe(false);
  });

  it.each([
    ['unknown action', { type: 'run.action', runId: 'r1', action: 'rm -rf' }],
    ['empty run id', { type: 'run.action', runId: '', action: 'cancel' }],
    ['bad draft', { type: 'wizard.create', draft: { task: 1 }, launch: true }],
    ['bad chart data', { type: 'test.chartData', charts: { a: { datasets: [{ label: 'x', points: [['1', 2]] }] } } }],
  ])('the host rejects a webview message with %s', (_what, raw) => {
    const r = parseWebviewMessage(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^invalid message/);
  });

  it('the app ignores a malformed message, reports it, and leaves the page alone', () => {
    const root = setupDom('dashboard');
    const api = fakeApi();
    app = new App(api, root);
    expect(app.handle({ type: 'run.snapshot', status: { runId: 'x' } })).toBe(false);
    expect(root.childElementCount).toBe(0);
    expect(document.body.dataset['fteReady']).toBeUndefined();
    expect(api.posted.at(-1)).toMatchObject({ type: 'webview.error' });
  });
});
