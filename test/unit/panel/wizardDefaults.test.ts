import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitRows, splitRowsText } from '../../../src/core/config/splitRows';
import { previewDataset } from '../../../src/extension/panel/datasetPreview';
import { defaultDraft, estimate, wizardDefaults } from '../../../src/extension/panel/wizardModel';

const examples = path.join(__dirname, '..', '..', '..', 'examples');

describe('the wizard\'s defaults follow the user', () => {
  it('the last run\'s backend wins; without runs, Modal only when a token is there', () => {
    expect(wizardDefaults({ lastRunBackend: 'local', hasModalToken: true }).backend).toBe('local');
    expect(wizardDefaults({ lastRunBackend: 'modal', hasModalToken: false }).backend).toBe('modal');
    expect(wizardDefaults({ lastRunBackend: null, hasModalToken: false })).toEqual({ backend: 'local', why: 'no Modal token is stored: this machine needs no account' });
    expect(wizardDefaults({ lastRunBackend: null, hasModalToken: true }).backend).toBe('modal');
  });
});

describe('one row count, the one training makes', () => {
  it('splits as fte/data.py does: test = ceil(n × test_size), validation = ceil(rest × 0.1) capped at 2,000', () => {
    expect(splitRows(960, 0.1)).toEqual({ total: 960, train: 777, validation: 87, test: 96 });
    expect(splitRows(960, 0.15)).toEqual({ total: 960, train: 734, validation: 82, test: 144 });
    expect(splitRows(100_000, 0.1).validation).toBe(2000);
    expect(splitRowsText(splitRows(960, 0.1))).toBe('960 rows: 777 train, 87 validation, 96 test');
  });

  it('the quickstart file is counted whole (960 rows, not an estimate from its head), and the estimate says how training splits it', () => {
    const p = previewDataset(path.join(examples, 'data', 'quickstart-runbooks.jsonl'), examples);
    expect(p).toMatchObject({ approxRows: 960, rowsExact: true, note: '960 rows in the file.', columns: ['question', 'runbook'] });
    expect(p.guesses?.['information-retrieval']).toEqual({
      anchor: { column: 'question', reason: 'guessed from the column name' },
      positive: { column: 'runbook', reason: 'guessed: the text column left' },
    });
    const draft = { ...defaultDraft('information-retrieval'), datasetKind: 'file' as const, path: p.path, backend: 'local' as const, testSize: 0.1 };
    const e = estimate(draft, p.approxRows, p.rowsExact)!;
    expect(e.trainRows).toBe(777);
    expect(e.rowsText).toBe('960 rows: 777 train, 87 validation, 96 test');
  });
});
