import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveJob } from '../../../src/core/job/resolveJob';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fte-eval-sources-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
for (const f of ['pairs.jsonl', 'test.csv', 'docs.parquet']) fs.writeFileSync(path.join(dir, f), '');
const configPath = path.join(dir, 'runbooks.finetune.yaml');

const config = (dataset: string) =>
  `task: information-retrieval\nmodel: m\ndataset:\n  path: pairs.jsonl\n  columns: { anchor: q, positive: d }\n${dataset}compute: { backend: local }\n`;

describe('dataset.eval, dataset.corpus, validation_size, split_seed in the job spec', () => {
  it('resolves local files against the config and maps the test set\'s own column names', () => {
    const r = resolveJob(config('  eval: { path: test.csv, columns: { anchor: question } }\n  corpus: { path: docs.parquet, column: body }\n  validation_size: 0.2\n  split_seed: 7\n'),
      configPath, { fileExists: fs.existsSync });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    if (!r.ok) return;
    const ds = r.job.dataset;
    expect(ds.eval).toEqual({ hub: null, path: path.join(dir, 'test.csv'), format: 'csv', subset: null, split: 'train',
      columns: [{ role: 'anchor', source: 'question', target: 'anchor' }, { role: 'positive', source: 'd', target: 'positive' }] });
    expect(ds.corpus).toEqual({ hub: null, path: path.join(dir, 'docs.parquet'), format: 'parquet', subset: null, split: 'train', column: 'body' });
    expect([ds.validation_size, ds.split_seed]).toEqual([0.2, 7]);
  });

  it('defaults: no test set (test_size carves one), no corpus, 10% validation, split seed 42', () => {
    const r = resolveJob(config(''), configPath, { fileExists: fs.existsSync });
    expect(r.ok && [r.job.dataset.eval, r.job.dataset.corpus, r.job.dataset.validation_size, r.job.dataset.split_seed]).toEqual([null, null, 0.1, 42]);
  });

  it('eval_steps may be a fraction of the run; a step count must be whole; validation_max reaches the job', () => {
    const withTraining = (t: string, d = '') => `task: information-retrieval\nmodel: m\ndataset:\n  path: pairs.jsonl\n  columns: { anchor: q, positive: d }\n${d}training: { ${t} }\ncompute: { backend: local }\n`;
    const r = resolveJob(withTraining('eval_steps: 0.25', '  validation_max: 500\n'), configPath, { fileExists: fs.existsSync });
    expect(r.ok && [r.job.training.eval_steps, r.job.dataset.validation_max]).toEqual([0.25, 500]);
    const bad = resolveJob(withTraining('eval_steps: 1.5'), configPath, { fileExists: fs.existsSync });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics.map((d) => d.message).join('\n')).toMatch(/training\.eval_steps above 1 is a step count/);
  });

  it('evaluation.also: each set named, resolved like the dataset, with its own column names', () => {
    const text = `${config('')}evaluation:\n  also:\n    - { name: older, path: test.csv, columns: { anchor: question } }\n    - { name: public, hub: org/set, split: test }\n`;
    const r = resolveJob(text, configPath, { fileExists: fs.existsSync });
    expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
    if (!r.ok) return;
    expect(r.job.evaluation?.also.map((a) => [a.name, a.path, a.hub, a.split, a.columns[0]!.source])).toEqual([
      ['older', path.join(dir, 'test.csv'), null, 'train', 'question'], ['public', null, 'org/set', 'test', 'q']]);
    expect(resolveJob(config(''), configPath, { fileExists: fs.existsSync }).ok && 'none').toBe('none');
    const missing = resolveJob(`${config('')}evaluation:\n  also:\n    - { name: x, path: nope.csv }\n`, configPath, { fileExists: fs.existsSync });
    expect(missing.diagnostics.map((d) => d.code)).toContain('dataset-path-not-found');
  });

  it('a corpus without a column is an error naming dataset.corpus.column', () => {
    const r = resolveJob(config('  corpus: { hub: org/docs }\n'), configPath, { fileExists: fs.existsSync });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(/column/);
  });
});
