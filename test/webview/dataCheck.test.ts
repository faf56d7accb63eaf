// @vitest-environment jsdom
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/core/config/validate';
import { summarize } from '../../src/core/events/reducer';
import { DashboardFeed } from '../../src/extension/panel/dashboardModel';
import { dataCheckKey, doctorCheck } from '../../src/extension/panel/dataCheckModel';
import { catalogData, defaultDraft, draftToConfig } from '../../src/extension/panel/wizardModel';
import type { DataCheck, WizardDraft } from '../../src/protocol/models';
import { App } from '../../webview-ui/app';
import { fakeApi, goldenEvents, metaFor, setupDom } from './fixtures';

let app: App | undefined;
afterEach(() => app?.dispose());

function wizard(task: string) {
  const root = setupDom('wizard');
  const api = fakeApi({ draft: { ...defaultDraft(task), datasetKind: 'file', path: '/ws/pairs.csv', columns: { text1: 'q1', text2: 'q2', label: 'y' } } });
  app = new App(api, root, { debounceMs: 0 });
  app.handle({ type: 'wizard.snapshot', catalog: catalogData(), workspaceFolder: '/ws', draft: null });
  return api;
}

const CHECK: DataCheck = {
  state: 'done', message: 'Found 1 error and 1 warning.', summary: '96 training rows, 24 held out.',
  findings: [
    { code: 'label-strings', severity: 'error', message: 'duplicate-classification needs labels 0 and 1; column "y" holds words: "no", "yes".',
      fix: { title: 'Map "yes" to 1 and "no" to 0 (dataset.label_map)', edits: [{ path: ['dataset', 'label_map'], value: { yes: 1, no: 0 } }] } },
    { code: 'batch-larger-than-data', severity: 'warning', message: 'The training split has 10 rows but batch_size is 32.',
      fix: { title: 'Set batch_size to 2', edits: [{ path: ['training', 'batch_size'], value: 2 }] } },
  ],
};

describe('the wizard\'s Data check', () => {
  it('sits before the launch buttons and asks the host to check the draft', () => {
    const api = wizard('duplicate-classification');
    const section = document.querySelector('#step-data-check')!;
    expect(section.compareDocumentPosition(document.querySelector('#wizard-actions')!) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    (document.querySelector('#data-check-run') as HTMLElement).click();
    const asked = api.posted.filter((m) => m.type === 'wizard.checkData');
    expect(asked).toHaveLength(1);
    expect(asked[0]!.type === 'wizard.checkData' && asked[0]!.draft.path).toBe('/ws/pairs.csv');
  });

  it('lists findings by code and severity; a fix changes the draft and checks again', () => {
    const api = wizard('duplicate-classification');
    expect(app!.handle({ type: 'wizard.dataCheck', check: CHECK })).toBe(true);
    const items = [...document.querySelectorAll('#data-check-findings li')];
    expect(items.map((li) => `${li.getAttribute('data-severity')} ${li.getAttribute('data-code')}`)).toEqual(['error label-strings', 'warning batch-larger-than-data']);
    expect(document.querySelector('#data-check-status')?.textContent).toBe('Found 1 error and 1 warning.');
    (document.querySelector('#data-check-findings .fix[data-code="label-strings"]') as HTMLElement).click();
    (document.querySelector('#data-check-findings .fix[data-code="batch-larger-than-data"]') as HTMLElement).click();
    const last = api.posted.filter((m) => m.type === 'wizard.checkData').at(-1)!;
    if (last.type !== 'wizard.checkData') throw new Error('no check asked');
    expect(last.draft.dataOptions).toEqual({ 'dataset.label_map': { yes: 1, no: 0 } });
    expect(last.draft.batchSize).toBe(2);
  });

  it('offers hard-negative mining where it fits, with why, and not elsewhere', () => {
    wizard('duplicate-classification');
    expect(document.querySelector('#train-hard-negatives')).toBeNull();
    const api = wizard('information-retrieval');
    expect(document.querySelector('#hard-negatives-row')?.textContent).toMatch(/in-batch negatives.*nDCG@10/s);
    const box = document.querySelector('#train-hard-negatives') as HTMLElement & { checked: boolean };
    box.checked = true;
    box.dispatchEvent(new Event('change'));
    expect((api.state as { draft: WizardDraft }).draft.hardNegatives).toBe(true);
  });
});

describe('data check model (host side)', () => {
  it('a draft with fixes and mining writes a config that validates and carries them', () => {
    const draft: WizardDraft = { ...defaultDraft('information-retrieval'), hardNegatives: true,
      dataOptions: { 'dataset.split_by': 'anchor', 'dataset.drop_duplicates': true, 'training.max_seq_length': 128 } };
    const text = draftToConfig(draft, '');
    expect(validateConfig(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const value = parse(text);
    expect(value.dataset).toMatchObject({ split_by: 'anchor', drop_duplicates: true });
    expect(value.training).toMatchObject({ max_seq_length: 128, hard_negatives: { count: 1 } });
    expect(parse(draftToConfig({ ...draft, task: 'duplicate-classification' }, '')).training.hard_negatives).toBeUndefined();
  });

  it('the key changes with what the doctor reads, not with the name or the GPU', () => {
    const d = defaultDraft('information-retrieval');
    expect(dataCheckKey({ ...d, name: 'other', gpu: 'H100' })).toBe(dataCheckKey(d));
    expect(dataCheckKey({ ...d, testSize: 0.2 })).not.toBe(dataCheckKey(d));
  });

  it('turns the doctor\'s outcome into the panel\'s check', () => {
    const check = doctorCheck({ ok: true, result: { findings: [{ code: 'empty-text', severity: 'warning', message: 'm', path: ['dataset'] }], stats: { train_rows: 8, eval_rows: 2, dropped_empty: 1 } } });
    expect(check).toMatchObject({ state: 'done', message: 'Found 0 errors and 1 warning.', summary: '8 training rows, 2 held out, 1 dropped as empty.' });
    const three = doctorCheck({ ok: true, result: { findings: [], stats: { train_rows: 7, validation_rows: 1, test_rows: 2, eval_rows: 2 } } });
    expect(three).toMatchObject({ summary: '7 training rows, 1 validation, 2 test.' });
    const blocked = doctorCheck({ ok: false, diagnostics: [{ severity: 'error', code: 'unknown-task', message: 'Unknown task.', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }] });
    expect(blocked).toMatchObject({ state: 'blocked', message: 'Fix the config first: Unknown task.' });
  });
});

describe('the dashboard\'s hard negatives', () => {
  it('shows what mining found, from the hard-negatives golden stream', () => {
    const root = setupDom('dashboard');
    app = new App(fakeApi(), root);
    const events = goldenEvents('hard-negatives.jsonl');
    app.handle({ type: 'run.snapshot', ...new DashboardFeed().snapshot(metaFor(events, 'completed'), summarize(events), []) });
    expect(document.querySelector('#hard-negatives')?.hasAttribute('hidden')).toBe(false);
    expect(document.querySelector('#hard-negatives-summary')?.textContent).toBe(
      '1 per row (top) mined with the base model for 812 of 960 training rows; 148 got a random negative (nothing passed the margins) in 3.4 s. Base-model similarity: positives 0.612, mined negatives 0.487.');
    expect([...document.querySelectorAll('[data-testid="warning"]')].map((w) => w.getAttribute('data-code'))).toEqual(['hard_negatives_filled']);
  });
});
