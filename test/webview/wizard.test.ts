// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalogData } from '../../src/extension/panel/wizardModel';
import { App } from '../../webview-ui/app';
import { fakeApi, setupDom } from './fixtures';

let app: App | undefined;
afterEach(() => {
  app?.dispose();
  vi.useRealTimers();
});

function open(state?: unknown) {
  const root = setupDom('wizard');
  const api = fakeApi(state);
  app = new App(api, root, { debounceMs: 0 });
  app.handle({ type: 'wizard.snapshot', catalog: catalogData(), workspaceFolder: '/ws', draft: null });
  return api;
}

const click = (sel: string) => (document.querySelector(sel) as HTMLElement).click();
const text = (sel: string) => document.querySelector(sel)?.textContent ?? '';

describe('wizard', () => {
  it('announces itself with ready, then shows task cards with one-liners', () => {
    const api = open();
    expect(api.posted[0]).toEqual({ type: 'ready', view: 'wizard' });
    const cards = [...document.querySelectorAll('#task-cards button.card')];
    expect(cards.map((c) => c.getAttribute('data-task'))).toEqual(catalogData().tasks.map((t) => t.id));
    expect(cards[0]!.textContent).toContain('labelled 1 (same meaning) or 0');
    expect(document.body.dataset['fteReady']).toBe('1');
  });

  it('duplicate-classification recommends OnlineContrastiveLoss + BinaryClassificationEvaluator, with the column table and alternatives', () => {
    open();
    click('#task-information-retrieval');
    expect(text('#pairing-loss')).toContain('MultipleNegativesRankingLoss');
    click('#task-duplicate-classification');
    expect(document.querySelector('#task-duplicate-classification')?.getAttribute('aria-checked')).toBe('true');
    expect(document.querySelector('#pairing-loss .name')?.textContent).toBe('OnlineContrastiveLoss');
    expect(document.querySelector('#pairing-evaluator .name')?.textContent).toBe('BinaryClassificationEvaluator');
    expect(text('#pairing-loss')).toContain('hard positives and hard negatives');
    expect(text('#pairing-evaluator')).toContain('cosine_ap');
    const roles = [...document.querySelectorAll('#pairing-columns tbody tr')].map((r) => r.getAttribute('data-role'));
    expect(roles).toEqual(['text1', 'text2', 'label']);
    expect(text('#pairing-alternatives')).toContain('ContrastiveLoss');
    expect(text('#pairing-alternatives')).toContain('EmbeddingSimilarityEvaluator');
  });

  it('sends the draft to the host (debounced) and keeps it in setState', async () => {
    vi.useFakeTimers();
    const api = open();
    click('#task-semantic-similarity');
    await vi.runAllTimersAsync();
    const update = api.posted.filter((m) => m.type === 'wizard.update').at(-1);
    expect(update?.type === 'wizard.update' && update.draft.task).toBe('semantic-similarity');
    expect(update?.type === 'wizard.update' && update.draft.loss).toBe('CoSENTLoss');
    expect((api.state as { draft: { task: string } }).draft.task).toBe('semantic-similarity');
  });

  it('restores the draft from getState after a reload', () => {
    open();
    click('#task-triplet');
    const saved = (app as unknown as { host: { state(): unknown } }).host.state();
    app!.dispose();
    open(saved);
    expect(document.querySelector('#task-triplet')?.getAttribute('aria-checked')).toBe('true');
  });

  it('shows the host preview: validation, estimate, column issues; and posts create/launch', () => {
    const api = open();
    click('#task-duplicate-classification');
    app!.handle({
      type: 'wizard.preview', configText: 'task: x\n', fileName: 'x.finetune.yaml', targetPath: '/ws/x.finetune.yaml', diagnostics: [], columnIssues: [],
      estimate: { trainRows: 3600, minutes: 12.5, cost: 0.23, worstCase: 2.2, pricePerHour: 1.1, gpuLabel: 'A10G' },
    });
    expect(text('#config-diagnostics')).toContain('validates clean');
    expect(text('#estimate')).toContain('12m 30s');
    expect(text('#estimate')).toContain('Worst case (the whole timeout): $2.20');
    expect(text('#estimate')).not.toContain('upload');
    expect(text('#config-preview')).toBe('task: x\n');
    click('#launch');
    expect(api.posted.at(-1)).toMatchObject({ type: 'wizard.create', launch: true });
    app!.handle({ type: 'wizard.result', ok: true, message: 'Wrote x.finetune.yaml.', path: '/ws/x.finetune.yaml' });
    expect(text('#wizard-result')).toBe('Wrote x.finetune.yaml.');
  });

  it('a file over the job bundle\'s limit: the estimate says its upload to the volume is included', () => {
    open();
    click('#task-duplicate-classification');
    const upload = { bytes: 2e9, minutes: 15.9, cost: 0.015, text: 'the 2.0 GB dataset goes to the Modal volume first (once; later launches reuse it): at most ~16 min at 2 MiB/s on a 1-CPU sandbox, $0.01' };
    app!.handle({
      type: 'wizard.preview', configText: 'task: x\n', fileName: 'x.finetune.yaml', targetPath: null, diagnostics: [], columnIssues: [],
      estimate: { trainRows: 3600, minutes: 12.5, cost: 0.245, worstCase: 2.215, pricePerHour: 1.1, gpuLabel: 'A10G', upload },
    });
    expect(text('#estimate')).toContain('Both include the upload: the 2.0 GB dataset goes to the Modal volume first');
  });

  it('a chosen local file switches to file mode, previews rows and maps matching columns', () => {
    const api = open();
    click('#task-duplicate-classification');
    app!.handle({ type: 'wizard.dataset', preview: { path: '/ws/pairs.csv', relPath: 'pairs.csv', format: 'csv', previewAvailable: true, columns: ['text1', 'text2', 'label'], rows: [['a', 'b', '1']], approxRows: 1, note: '1 rows.', guesses: { 'duplicate-classification': { text1: { column: 'text1', reason: 'guessed from the column name' }, text2: { column: 'text2', reason: 'guessed from the column name' }, label: { column: 'label', reason: 'guessed from the column name' } } } } });
    expect(document.querySelectorAll('#dataset-preview tbody tr')).toHaveLength(1);
    const draft = (api.state as { draft: { datasetKind: string; columns: Record<string, string> } }).draft;
    expect(draft.datasetKind).toBe('file');
    expect(draft.columns).toEqual({ text1: 'text1', text2: 'text2', label: 'label' });
    app!.handle({ type: 'wizard.preview', configText: '', fileName: 'x', targetPath: null, diagnostics: [], estimate: null, columnIssues: [{ role: 'label', column: 'label', message: 'A label must be 0 or 1 for OnlineContrastiveLoss; found "2".' }] });
    expect(text('#column-issues')).toContain('must be 0 or 1');
  });

  it('chooses no task for the user: no card is checked and nothing is previewed until one is picked', () => {
    const api = open();
    expect(document.querySelectorAll('#task-cards [aria-checked="true"]')).toHaveLength(0);
    expect(document.querySelector('#pairing')).toBeNull();
    expect(text('#choose-task')).toContain('Choose the task');
    expect(api.posted.filter((m) => m.type === 'wizard.update')).toEqual([]);
    click('#task-information-retrieval');
    expect(document.querySelector('#task-information-retrieval')?.getAttribute('aria-checked')).toBe('true');
    expect(document.querySelector('#pairing')).not.toBeNull();
  });

  it('the backend default follows the user and says why, until they change it', () => {
    const root = setupDom('wizard');
    app = new App(fakeApi(), root, { debounceMs: 0 });
    app.handle({ type: 'wizard.snapshot', catalog: catalogData(), workspaceFolder: '/ws', draft: null, defaults: { backend: 'local', why: 'no Modal token is stored' } });
    click('#task-information-retrieval');
    expect((document.querySelector('#compute-backend') as unknown as { value: string }).value).toBe('local');
    expect(text('#step-compute')).toContain('Chosen because no Modal token is stored.');
  });

  it('the quickstart file: guessed roles fill the dropdowns, say they are guesses, and an unmapped role shows an empty choice', () => {
    const api = open();
    click('#task-information-retrieval');
    const preview = { path: '/ws/data/quickstart-runbooks.jsonl', relPath: 'data/quickstart-runbooks.jsonl', format: 'jsonl' as const, previewAvailable: true, columns: ['question', 'runbook'], rows: [['how do I?', 'A long runbook.']], approxRows: 960, rowsExact: true, note: '960 rows in the file.',
      guesses: { 'information-retrieval': { anchor: { column: 'question', reason: 'guessed from the column name' }, positive: { column: 'runbook', reason: 'guessed: the text column left' } } } };
    app!.handle({ type: 'wizard.dataset', preview });
    const draft = (api.state as { draft: { columns: Record<string, string> } }).draft;
    expect(draft.columns).toEqual({ anchor: 'question', positive: 'runbook' });
    const value = (id: string) => (document.querySelector(id) as unknown as { value: string }).value;
    expect([value('#column-anchor'), value('#column-positive'), value('#column-negative')]).toEqual(['question', 'runbook', '']);
    expect(text('#column-anchor-guess')).toBe('guessed from the column name: check it');
    expect(text('#column-positive-guess')).toBe('guessed: the text column left: check it');
    // To the Hub and back to the file: the guesses fill the roles again.
    click('#dataset-kind-hub');
    click('#dataset-kind-file');
    expect((api.state as { draft: { columns: Record<string, string> } }).draft.columns).toEqual({ anchor: 'question', positive: 'runbook' });
    expect(text('#column-anchor-guess')).toBe('guessed from the column name: check it');
    // Another task: its own guesses; the roles it has no column for stay empty, and say so with their first option.
    click('#task-duplicate-classification');
    expect(value('#column-text1')).toBe('');
    expect(document.querySelector('#column-text1 vscode-option')?.textContent).toBe('Choose a column…');
  });
});
