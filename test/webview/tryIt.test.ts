// @vitest-environment jsdom
/** Try it and Use it in the panel: what the query box posts, and how an answer is shown. */
import { afterEach, describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/events/reducer';
import { compareModel } from '../../src/extension/panel/compareModel';
import { DashboardFeed } from '../../src/extension/panel/dashboardModel';
import { parseHostMessage, parseWebviewMessage } from '../../src/protocol/messages';
import type { HostMessageOf } from '../../src/protocol/messages';
import type { ModelStatus, TryHit, TryResult } from '../../src/protocol/tryModels';
import { App } from '../../webview-ui/app';
import { fakeApi, goldenEvents, metaFor, setupDom } from './fixtures';

let app: App | undefined;
afterEach(() => app?.dispose());

const events = goldenEvents('completed.jsonl');
const runId = events[0]!.run_id;

function dashboard() {
  const root = setupDom('dashboard');
  const api = fakeApi();
  app = new App(api, root);
  expect(app.handle({ type: 'run.snapshot', ...new DashboardFeed().snapshot(metaFor(events, 'completed'), summarize(events), []) })).toBe(true);
  return { root, api };
}

const model = (over: Partial<ModelStatus> = {}): ModelStatus => ({
  runId, location: 'local', path: '/ws/.finetune/runs/r/local/output/model', code: 'from sentence_transformers import SentenceTransformer\n', tryBlocked: null, downloading: false, onnx: null, ...over,
});

const hit = (rank: number, other: number | null, text: string, extra: Partial<TryHit> = {}): TryHit => ({ rank, text, score: 1 - rank / 10, other_rank: other, relevant: null, ...extra });

function result(over: Partial<TryResult> = {}): TryResult {
  return {
    query: 'how do I reset my password', k: 3, task: 'duplicate-classification', models: { base: 'base/model', finetuned: '/m' }, corpus_size: 40, corpus_total: 40,
    base: { model: 'base/model', hits: [hit(1, 2, 'a'), hit(2, 1, 'b'), hit(3, 9, 'c')] },
    finetuned: { model: '/m', hits: [hit(1, 2, 'b'), hit(2, 1, 'a'), hit(3, 12, 'd', { relevant: true, match: true })] },
    relevant: [{ text: 'd', base_rank: 12, finetuned_rank: 3 }],
    pair: { text1: 'how do I reset my password', text2: 'd', gold: 1, base: { similarity: 0.41, threshold: 0.6, match: false }, finetuned: { similarity: 0.83, threshold: 0.7, match: true } },
    query_ms: 9, ...over,
  };
}

const info: HostMessageOf<'try.status'>['info'] = {
  task: 'duplicate-classification', models: { base: 'base/model', finetuned: '/m' }, corpus_size: 40, corpus_total: 40, timings: {},
  examples: [{ query: 'first question', text2: 'its pair', label: 1 }, { query: 'second question', text2: 'other', label: 0 }],
};

type Field = HTMLElement & { value: string };
const $ = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const enter = () => $('#try-query').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));

describe('Try it in the dashboard', () => {
  it('shows once the run completed; the first focus loads the models, Enter runs the query', () => {
    const { api } = dashboard();
    app!.handle({ type: 'model.status', status: model() });
    expect($('#try-it').hidden).toBe(false);
    $('#try-query').dispatchEvent(new Event('focus'));
    $('#try-query').dispatchEvent(new Event('focus'));
    expect(api.posted.filter((m) => m.type === 'try.start')).toHaveLength(1);
    app!.handle({ type: 'try.status', state: 'loading', message: 'Loading the base model (base/model)…', info: null });
    expect($('#try-status').textContent).toContain('Loading the base model');
    expect($('#try-status').dataset['state']).toBe('loading');
    $<Field>('#try-query').value = '  how do I reset my password ';
    enter();
    const q = api.posted.at(-1)!;
    expect(q).toEqual({ type: 'try.query', query: 'how do I reset my password', text2: null, k: 10 });
    expect(parseWebviewMessage(q).ok).toBe(true);
  });

  it('an empty query is refused in the panel, without a round trip', () => {
    const { api } = dashboard();
    app!.handle({ type: 'model.status', status: model() });
    enter();
    expect(api.posted.some((m) => m.type === 'try.query')).toBe(false);
    expect($('#try-status').textContent).toContain('Type a query first');
  });

  it('a held-out pick fills the query and sends the pair\'s second text', () => {
    const { api } = dashboard();
    app!.handle({ type: 'model.status', status: model() });
    app!.handle({ type: 'try.status', state: 'ready', message: 'Models loaded in 3.1 s.', info });
    const options = Array.from(document.querySelectorAll('#try-example vscode-option')).map((o) => o.textContent);
    expect(options).toEqual(['Pick one of 2 held-out examples…', 'first question ↔ its pair [label 1]', 'second question ↔ other [label 0]']);
    const pick = $<Field>('#try-example');
    pick.value = '1';
    pick.dispatchEvent(new Event('change'));
    expect($<Field>('#try-query').value).toBe('second question');
    expect(api.posted.at(-1)).toEqual({ type: 'try.query', query: 'second question', text2: 'other', k: 10 });
  });

  it('an answer shows base and fine-tuned side by side, what moved, the known match and the pair decision', () => {
    dashboard();
    app!.handle({ type: 'model.status', status: model() });
    const msg = { type: 'try.result' as const, query: 'how do I reset my password', text2: 'd', runs: [{ runId, name: 'quora', result: result(), error: null }] };
    expect(parseHostMessage(msg).ok).toBe(true);
    app!.handle(msg);
    const rows = (col: string) => Array.from(document.querySelectorAll<HTMLElement>(`#${col} li.hit`)).map((li) => ({ cls: li.className, badges: li.querySelector('.hit-badges')!.textContent }));
    expect(rows('try-base')).toEqual([{ cls: 'hit none', badges: '' }, { cls: 'hit none', badges: '' }, { cls: 'hit dropped', badges: 'dropped (fine-tuned #9)' }]);
    expect(rows('try-finetuned')).toEqual([
      { cls: 'hit up', badges: '▲1' }, { cls: 'hit down', badges: '▼1' }, { cls: 'hit new', badges: '✓ matchduplicatenew (base #12)' },
    ]);
    expect($('#try-finetuned li[data-relevant="true"]').textContent).toContain('d');
    expect($('[data-testid="try-known"]').textContent).toBe('✓ Known match d: base #12 → fine-tuned #3');
    const pair = Array.from(document.querySelectorAll('#try-pair tbody tr')).map((tr) => Array.from(tr.children).map((c) => c.textContent));
    expect(pair).toEqual([['Base', '0.4100', '0.6000', 'not duplicate'], ['Fine-tuned', '0.8300', '0.7000', 'duplicate']]);
  });

  it('a Modal model still on the volume: the box says why and stays disabled; Use it offers the download', () => {
    const { api } = dashboard();
    app!.handle({ type: 'model.status', status: model({ location: 'volume', path: '/vol/runs/r/model', tryBlocked: 'The model is on the Modal volume. Download it first.' }) });
    expect($('#try-query').hasAttribute('disabled')).toBe(true);
    expect($('#try-status').textContent).toContain('Download it first');
    $('#try-query').dispatchEvent(new Event('focus'));
    expect(api.posted.some((m) => m.type === 'try.start')).toBe(false);
    expect($('#model-where').textContent).toBe('On the Modal volume at /vol/runs/r/model');
    expect($('#action-download-model').hasAttribute('disabled')).toBe(false);
    expect($('#action-export-onnx').hasAttribute('disabled')).toBe(true);
    $('#action-download-model').click();
    expect(api.posted.at(-1)).toEqual({ type: 'run.action', runId, action: 'downloadModel' });
  });

  it('Use it: the code to copy and the last export\'s parity figure', () => {
    const { api } = dashboard();
    app!.handle({ type: 'model.status', status: model({ onnx: { out: '/o', onnxFile: '/o/model.onnx', bytes: 1000, exportSeconds: 2, at: 'now', parity: { texts: 256, mean_cosine: 0.9999998, min_cosine: 0.9999991, threshold: 0.999, ok: true } } }) });
    expect($('#model-code').textContent).toContain('SentenceTransformer');
    expect($('#model-onnx').textContent).toContain('mean cosine 0.9999998, min 0.9999991');
    $('#action-copy-code').click();
    expect(api.posted.at(-1)).toEqual({ type: 'run.action', runId, action: 'copyCode' });
    expect(document.querySelector('#action-download-model')).toBeNull(); // a local run has nothing to download
  });
});

describe('Try it keeps its state and shows what it cut', () => {
  it('the query and k survive a reload of the panel (webview state), and a replayed answer refills the box', () => {
    const { api } = dashboard();
    app!.handle({ type: 'model.status', status: model() });
    const q = $<Field>('#try-query');
    q.value = 'reset password';
    q.dispatchEvent(new Event('input'));
    expect(api.state).toMatchObject({ tryQuery: 'reset password' });
    app!.dispose();
    // The panel moved to another group: a new document with the same webview state.
    const root = setupDom('dashboard');
    const again = fakeApi(api.state);
    app = new App(again, root);
    app.handle({ type: 'run.snapshot', ...new DashboardFeed().snapshot(metaFor(events, 'completed'), summarize(events), []) });
    expect($<Field>('#try-query').value).toBe('reset password');
    $<Field>('#try-query').value = '';
    app.handle({ type: 'try.result', query: 'how do I reset my password', text2: null, runs: [{ runId, name: 'r', result: result(), error: null }] });
    expect($<Field>('#try-query').value).toBe('how do I reset my password');
  });

  it('a long hit is cut with a button that shows all of it, and its full text is the tooltip', () => {
    dashboard();
    const long = `${'word '.repeat(40)}the end`;
    app!.handle({ type: 'try.result', query: 'q', text2: null, runs: [{ runId, name: 'r', result: result({ finetuned: { model: '/m', hits: [hit(1, 1, long)] } }), error: null }] });
    const li = $('#try-finetuned li.hit');
    expect(li.getAttribute('title')).toBe(long);
    expect(li.querySelector('.hit-text')!.textContent).not.toContain('the end');
    const more = li.querySelector<HTMLButtonElement>('.hit-more')!;
    more.click();
    expect(li.querySelector('.hit-text')!.textContent).toBe(long);
    expect(more.getAttribute('aria-expanded')).toBe('true');
  });
});

describe('Try it in the compare view', () => {
  it('one base column, then one fine-tuned column per run; a run that failed says why in its column', () => {
    const root = setupDom('compare');
    const api = fakeApi();
    app = new App(api, root);
    const meta = metaFor(events, 'completed');
    const summary = summarize(events);
    app.handle({ type: 'compare.snapshot', ...compareModel([{ meta, summary, configText: '' }, { meta: { ...meta, id: 'r2', name: 'other' }, summary, configText: '' }]) });
    app.handle({ type: 'try.result', query: 'q', text2: null, runs: [
      { runId, name: 'quora', result: result({ pair: undefined }), error: null },
      { runId: 'r2', name: 'other', result: null, error: 'The model of r2 is on the Modal volume.' },
    ] });
    const heads = Array.from(document.querySelectorAll('.try-col h4')).map((e) => e.textContent);
    expect(heads).toEqual(['Base model', 'quora', 'other']);
    expect(document.querySelectorAll(`[data-testid="try-finetuned-${runId}"] li.hit`)).toHaveLength(3);
    expect($('[data-testid="try-error-r2"]').textContent).toContain('on the Modal volume');
    // A refresh of the runs keeps the answer.
    app.handle({ type: 'compare.snapshot', ...compareModel([{ meta, summary, configText: '' }]) });
    expect(document.querySelectorAll('.try-col')).toHaveLength(3);
    $<Field>('#try-query').value = 'q2';
    enter();
    expect(api.posted.at(-1)).toEqual({ type: 'try.query', query: 'q2', text2: null, k: 10 });
  });
});

describe('try messages are validated', () => {
  it.each([
    ['k of 0', { type: 'try.query', query: 'q', text2: null, k: 0 }],
    ['k above 50', { type: 'try.query', query: 'q', text2: null, k: 51 }],
    ['an empty query', { type: 'try.query', query: '', text2: null, k: 5 }],
    ['an unknown model action', { type: 'run.action', runId: 'r', action: 'deleteModel' }],
  ])('the host rejects %s', (_what, raw) => {
    expect(parseWebviewMessage(raw).ok).toBe(false);
  });

  it('the webview rejects a result whose hit has no rank', () => {
    const bad = result();
    (bad.base.hits[0] as Partial<TryHit>).rank = undefined;
    expect(parseHostMessage({ type: 'try.result', query: 'q', text2: null, runs: [{ runId: 'r', name: 'r', result: bad, error: null }] }).ok).toBe(false);
  });
});
