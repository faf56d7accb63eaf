import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TASKS } from '../../src/core/catalog/tasks';
import { hasErrors, validateConfig } from '../../src/core/config/validate';
import { summarize } from '../../src/core/events/reducer';
import { compareModel } from '../../src/extension/panel/compareModel';
import { columnIssues, parseCsv, previewDataset } from '../../src/extension/panel/datasetPreview';
import { pushCommand } from '../../src/extension/panel/pushCommand';
import { defaultDraft, draftToConfig, estimate } from '../../src/extension/panel/wizardModel';
import { goldenEvents, metaFor } from './fixtures';

describe('wizard model (host side)', () => {
  it.each(TASKS.map((t) => t.id))('the default draft for %s writes a config that validates clean', (task) => {
    const text = draftToConfig(defaultDraft(task), '');
    const { diagnostics } = validateConfig(text);
    expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  });

  it('a local-file draft validates with the file beside the config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fte-wizard-'));
    writeFileSync(join(dir, 'pairs.csv'), 'q1,q2,dup\n"a, quoted",b,1\nc,d,0\n');
    const draft = { ...defaultDraft('duplicate-classification'), datasetKind: 'file' as const, path: join(dir, 'pairs.csv'), columns: { text1: 'q1', text2: 'q2', label: 'dup' } };
    const { diagnostics } = validateConfig(draftToConfig(draft, 'pairs.csv'), { configDir: dir, fileExists: existsSync });
    expect(hasErrors(diagnostics)).toBe(false);
    const preview = previewDataset(draft.path, dir);
    expect(preview.columns).toEqual(['q1', 'q2', 'dup']);
    expect(preview.rows[0]).toEqual(['a, quoted', 'b', '1']);
    expect(columnIssues(draft, preview)).toEqual([]);
    writeFileSync(join(dir, 'bad.csv'), 'q1,q2,dup\na,b,2\n');
    const bad = previewDataset(join(dir, 'bad.csv'), dir);
    expect(columnIssues({ ...draft, path: bad.path }, bad)[0]?.message).toMatch(/label must be 0 or 1 for OnlineContrastiveLoss; found "2"/);
  });

  it('checks scores are in [0, 1] and previews jsonl; parquet has no preview', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fte-wizard-'));
    writeFileSync(join(dir, 's.jsonl'), '{"a":"x","b":"y","s":4}\n{"a":"x","b":"y","s":0.5}\n');
    const p = previewDataset(join(dir, 's.jsonl'), dir);
    expect(p.columns).toEqual(['a', 'b', 's']);
    const draft = { ...defaultDraft('semantic-similarity'), datasetKind: 'file' as const, path: p.path, columns: { text1: 'a', text2: 'b', score: 's' } };
    expect(columnIssues(draft, p).map((i) => i.role)).toEqual(['score']);
    writeFileSync(join(dir, 'd.parquet'), 'PAR1');
    expect(previewDataset(join(dir, 'd.parquet'), dir)).toMatchObject({ previewAvailable: false, format: 'parquet' });
    expect(parseCsv('a,"b ""q"""\r\n1,2')).toEqual([['a', 'b "q"'], ['1', '2']]);
  });

  it('estimates time and cost, worst case = timeout x price (the GPU plus its 4 cores and 16 GiB)', () => {
    const e = estimate({ ...defaultDraft('duplicate-classification'), gpu: 'A10G', timeoutMinutes: 120 }, null)!;
    const perHour = 1.1 + 4 * 0.0000131 * 3600 + 16 * 0.00000222 * 3600; // Modal's per-second CPU and memory rates
    expect(e.pricePerHour).toBeCloseTo(perHour);
    expect(e.worstCase).toBeCloseTo(2 * perHour);
    expect(e.minutes).toBeGreaterThan(4);
    expect(e.cost).toBeCloseTo((e.minutes / 60) * perHour);
  });
});

describe('compare and actions (host side)', () => {
  it('compares runs: config differences and final metrics', () => {
    const a = goldenEvents('completed.jsonl');
    const b = goldenEvents('collapse-warning.jsonl');
    const m = compareModel([
      { meta: metaFor(a, 'completed'), summary: summarize(a), configText: 'task: t\ntraining:\n  learning_rate: 2.0e-5\n' },
      { meta: { ...metaFor(b, 'completed'), id: 'b' }, summary: summarize(b), configText: 'task: t\ntraining:\n  learning_rate: 1.0e-3\n' },
    ]);
    expect(m.diffKeys).toEqual(['training.learning_rate']);
    expect(m.metricKeys[0]).toBe('eval_dev_cosine_accuracy');
    expect(m.runs[0]!.curve.y[0]).toBe(0.8212);
  });

  it('writes a push command for local and Modal models', () => {
    expect(pushCommand('local', '/tmp/m', 'run', 'vol')).toBe("huggingface-cli upload '<your-hf-user>/run' /tmp/m . --repo-type model");
    expect(pushCommand('modal', '/vol/runs/r1/model', 'run', 'vol')).toBe("modal volume get vol runs/r1/model ./run-model && huggingface-cli upload '<your-hf-user>/run' ./run-model . --repo-type model");
  });
});
