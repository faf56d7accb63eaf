import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliRun } from '../../fixtures/cliRun';
import { TASK_IDS } from '../../../src/core/catalog/tasks';
import { validateConfig } from '../../../src/core/config/validate';
import { BROKEN_DIR, EXAMPLES_DIR, ROOT, configFiles, parseExpectations, read } from '../config/fixtureUtil';

const run = cliRun;

const examples = configFiles(EXAMPLES_DIR);
const broken = (name: string) => join(BROKEN_DIR, `${name}.finetune.yaml`);
let tmp: string;

beforeAll(() => { tmp = mkdtempSync(join(tmpdir(), 'fe-cli-')); });
afterAll(() => { rmSync(tmp, { recursive: true, force: true }); });

describe('validate', () => {
  it('all examples: exit 0, no errors', async () => {
    const r = await run('validate', ...examples);
    expect(r.code, r.out + r.err).toBe(0);
    // The synthesize example warns until its pairs are written (none in a fresh checkout); nothing else warns.
    const pending = existsSync(join(EXAMPLES_DIR, 'data', 'synthetic', 'quickstart-runbooks.jsonl')) ? 0 : 1;
    expect(r.out).toContain(`${examples.length} files checked: 0 errors, ${pending} warning${pending === 1 ? '' : 's'}.`);
    expect(r.out.split('\n').filter((l) => l.includes(': warning ')).every((l) => l.includes('synthesize-not-run'))).toBe(true);
  });

  it('a broken fixture: exit 1 with compiler-style lines at the expected line', async () => {
    const file = broken('loss-task-mismatch-mnrl');
    const [expected] = parseExpectations(read(file));
    const r = await run('validate', file);
    expect(r.code).toBe(1);
    const lines = r.out.split('\n').filter((l) => / error /.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^.+:\d+:\d+: error [a-z0-9-]+: .+$/);
    expect(lines.some((l) => l.startsWith(`${file}:${expected!.line}:7: error loss-task-mismatch: MultipleNegativesRankingLoss does not fit`))).toBe(true);
    expect(r.out).toMatch(/1 file checked: 1 error, 0 warnings\.$/);
  });

  it('knows each GPU type\'s per-container limit: A10G:8 is an error, A10G:4 is fine', async () => {
    const eight = broken('gpu-count-a10g-eight');
    const r8 = await run('validate', eight);
    expect(r8.code).toBe(1);
    expect(r8.out).toContain(`${eight}:18:`);
    expect(r8.out).toMatch(/error invalid-gpu-count: "A10G:8": Modal puts at most 4 A10G GPUs in one container/);
    const four = join(tmp, 'a10g-four.finetune.yaml');
    writeFileSync(four, read(eight).replace('gpu: A10G:8', 'gpu: A10G:4'));
    const r4 = await run('validate', four);
    expect(r4.code, r4.out).toBe(0);
    expect(r4.out).toContain('1 file checked: 0 errors');
  });

  it('warnings alone exit 0', async () => {
    const r = await run('validate', broken('push-without-secret'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/:\d+:\d+: warning push-without-secret: /);
  });

  it('every broken fixture with an expected error exits 1; warnings-only ones exit 0', async () => {
    for (const file of configFiles(BROKEN_DIR)) {
      const hasError = parseExpectations(read(file)).some((e) => e.severity === 'error');
      expect((await run('validate', file)).code, file).toBe(hasError ? 1 : 0);
    }
  });

  it('--json prints exactly {diagnostics:[{severity, code, message, range}]} with 0-based positions', async () => {
    const file = broken('unknown-gpu-near-miss');
    const [expected] = parseExpectations(read(file));
    const r = await run('validate', file, '--json');
    expect(r.code).toBe(1);
    const parsed = JSON.parse(r.out) as { diagnostics: Record<string, unknown>[] };
    expect(Object.keys(parsed)).toEqual(['diagnostics']);
    expect(parsed.diagnostics).toHaveLength(1);
    const d = parsed.diagnostics[0]!;
    expect(Object.keys(d).sort()).toEqual(['code', 'message', 'range', 'severity']);
    const line = read(file).split('\n')[expected!.line - 1]!;
    expect(d).toEqual({
      severity: 'error', code: 'unknown-gpu', message: expect.stringContaining('Did you mean "A10G"?'),
      range: { start: { line: expected!.line - 1, character: line.indexOf('A10') }, end: { line: expected!.line - 1, character: line.indexOf('A10') + 3 } },
    });
    expect(Object.keys(d.range as object).sort()).toEqual(['end', 'start']);
  });

  it('--json on a clean file: an empty list, exit 0', async () => {
    const r = await run('validate', '--json', examples[0]!);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ diagnostics: [] });
  });

  it('usage errors exit 2: no file, unreadable file, unknown option, unknown command', async () => {
    expect((await run('validate')).code).toBe(2);
    const missing = await run('validate', join(tmp, 'nope.finetune.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('ENOENT');
    expect((await run('validate', '--bogus', examples[0]!)).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('help')).out).toContain('Usage:');
  });
});

describe('pairings', () => {
  it('--task triplet --json: the triplet task with its losses and evaluators resolved', async () => {
    const r = await run('pairings', '--task', 'triplet', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { tasks: { id: string; columns: { role: string }[]; losses: { loss: string; recommended: boolean; family: string; docs: string }[]; evaluators: { evaluator: string; primaryMetric: string; metrics: string[] }[] }[] };
    expect(j.tasks.map((t) => t.id)).toEqual(['triplet']);
    const t = j.tasks[0]!;
    expect(t.columns.map((c) => c.role)).toEqual(['anchor', 'positive', 'negative']);
    expect(t.losses.map((l) => l.loss)).toEqual(['MultipleNegativesRankingLoss', 'CachedMultipleNegativesRankingLoss', 'TripletLoss']);
    expect(t.losses.find((l) => l.recommended)).toMatchObject({ loss: 'MultipleNegativesRankingLoss', family: 'mnrl' });
    expect(t.losses[0]!.docs).toMatch(/^https:/);
    expect(t.evaluators[0]).toMatchObject({ evaluator: 'TripletEvaluator', primaryMetric: 'cosine_accuracy' });
  });

  it('all tasks as text, unknown task exits 2', async () => {
    const r = await run('pairings');
    expect(r.code).toBe(0);
    for (const id of TASK_IDS) expect(r.out).toContain(`${id} — `);
    expect(r.out).toContain('* OnlineContrastiveLoss');
    const bad = await run('pairings', '--task', 'tripplet');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown task "tripplet"');
  });
});

describe('init', () => {
  it.each(TASK_IDS.map((t) => [t]))('--task %s --out writes a config that validates clean', async (task) => {
    const out = join(tmp, `${task}.finetune.yaml`);
    const r = await run('init', '--task', task, '--out', out);
    expect(r.code, r.err).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^# /);
    expect(validateConfig(text).diagnostics).toEqual([]);
  });

  it('refuses to overwrite without --force, overwrites with it', async () => {
    const out = join(tmp, 'keep.finetune.yaml');
    writeFileSync(out, 'mine\n');
    const r = await run('init', '--task', 'triplet', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--force');
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
    expect((await run('init', '--task', 'triplet', '--out', out, '--force')).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('task: triplet');
  });

  it('without --out prints the config; without a valid task exits 2', async () => {
    const r = await run('init', '--task', 'semantic-similarity');
    expect(r.code).toBe(0);
    expect(r.out).toContain('loss: CoSENTLoss');
    expect((await run('init')).code).toBe(2);
    expect((await run('init', '--task', 'nope')).code).toBe(2);
  });
});

describe('job', () => {
  it('FILE --json prints the spec with defaults filled in', async () => {
    const file = join(EXAMPLES_DIR, 'quora-duplicates.finetune.yaml');
    const r = await run('job', file, '--json');
    expect(r.code, r.err).toBe(0);
    const job = JSON.parse(r.out);
    expect(job).toMatchObject({
      spec_version: 1, name: 'quora-duplicates', task: 'duplicate-classification', model: 'BAAI/bge-base-en-v1.5',
      dataset: { hub: 'sentence-transformers/quora-duplicates', subset: 'pair-class', split: 'train', test_size: 0.1, sample: 0.01, path: null, format: null },
      loss: { name: 'OnlineContrastiveLoss', args: { margin: 0.5 }, family: 'contrastive', guide_model: null },
      matryoshka: null,
      evaluator: { name: 'BinaryClassificationEvaluator', eval_names: ['dev'], primary_metric: 'eval_dev_cosine_ap', primary_metric_name: 'cosine_ap', greater_is_better: true },
      training: { epochs: 10, batch_size: 16, learning_rate: 2e-5, weight_decay: 0.01, save_total_limit: 2, batch_sampler: 'batch_sampler', max_seq_length: null, gradient_accumulation_steps: 1 },
      compute: { backend: 'modal', gpu: 'A10G', gpu_count: 1, timeout_minutes: 250 },
      output: { push_to_hub: null, hf_secret: null, private: true },
      sweep: null,
    });
    expect(job.dataset.columns).toEqual([
      { role: 'text1', source: 'sentence1', target: 'text1' },
      { role: 'text2', source: 'sentence2', target: 'text2' },
      { role: 'label', source: 'label', target: 'label' },
    ]);
    expect(job.evaluator.metric_keys).toContain('eval_dev_cosine_f1');
  });

  it('a local dataset resolves to an absolute path beside the config', async () => {
    const file = join(EXAMPLES_DIR, 'support-tickets.finetune.yaml');
    const job = JSON.parse((await run('job', file, '--json')).out);
    expect(job.dataset).toMatchObject({ hub: null, path: join(EXAMPLES_DIR, 'data/support-tickets.jsonl'), format: 'jsonl' });
    expect(job.compute).toMatchObject({ backend: 'local', gpu: null });
    expect(job.training.batch_sampler).toBe('no_duplicates');
  });

  it('model: ./dir resolves beside the config; the dataset options and hard negatives reach the job', async () => {
    const text = read(join(EXAMPLES_DIR, 'support-tickets.finetune.yaml'))
      .replace('model: BAAI/bge-small-en-v1.5', 'model: ./models/base').replace('path: data/', `path: ${EXAMPLES_DIR}/data/`)
      .replace('  test_size: 0.5', '  test_size: 0.5\n  split_by: anchor\n  drop_duplicates: true')
      .replace('training: { epochs: 1,', 'training: { hard_negatives: { count: 2, relative_margin: 0.05 }, epochs: 1,');
    const file = join(tmp, 'mined.finetune.yaml');
    writeFileSync(file, text);
    mkdirSync(join(tmp, 'models', 'base'), { recursive: true }); // a missing model folder is an error
    const job = JSON.parse((await run('job', file, '--json')).out);
    expect(job.model).toBe(join(tmp, 'models/base'));
    expect(job.dataset).toMatchObject({ split_by: 'anchor', drop_duplicates: true, label_map: null, score_range: null });
    expect(job.training.hard_negatives).toEqual({ count: 2, sampling: 'top', range_min: null, range_max: null, absolute_margin: null, relative_margin: 0.05, max_score: null });
  });

  it('a sweep resolves its metric to the primary metric key', async () => {
    const job = JSON.parse((await run('job', join(EXAMPLES_DIR, 'quora-sweep.finetune.yaml'), '--json')).out);
    expect(job.sweep).toMatchObject({ trials: 12, parallel: 4, metric: 'eval_dev_cosine_ap', direction: 'maximize', sampler: 'tpe', pruner: 'median' });
    expect(job.sweep.space.learning_rate).toEqual({ type: 'float', low: 1e-6, high: 1e-4, log: true, step: null });
  });

  it('a config with only an unknown-key warning still resolves (exit 0)', async () => {
    const r = await run('job', broken('unknown-key-flow'), '--json');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).training).toMatchObject({ epochs: 1, batch_size: 128 });
  });

  it('a broken config: exit 1 with its errors on stderr and nothing on stdout', async () => {
    const r = await run('job', broken('loss-task-mismatch-mnrl'), '--json');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/:\d+:\d+: error loss-task-mismatch: /);
    expect((await run('job')).code).toBe(2);
  });
});

describe('built dist/cli.js', () => {
  const cli = join(ROOT, 'dist/cli.js');
  beforeAll(() => {
    const newest = (dir: string): number => readdirSync(dir, { withFileTypes: true })
      .reduce((m, e) => Math.max(m, e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs), 0);
    if (!existsSync(cli) || statSync(cli).mtimeMs < newest(join(ROOT, 'src'))) {
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'pipe' });
    }
  }, 120_000);

  it('validate examples exits 0; a broken fixture exits 1 with file:line:col lines', async () => {
    const ok = spawnSync(process.execPath, [cli, 'validate', ...examples.map((f) => relative(ROOT, f))], { cwd: ROOT, encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('0 errors');
    const rel = relative(ROOT, broken('bf16-on-t4'));
    const [expected] = parseExpectations(read(broken('bf16-on-t4')));
    const bad = spawnSync(process.execPath, [cli, 'validate', rel], { cwd: ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(new RegExp(`^${rel.replace(/[.]/g, '\\.')}:${expected!.line}:\\d+: error bf16-unsupported: `, 'm'));
    const json = spawnSync(process.execPath, [cli, 'validate', '--json', rel], { cwd: ROOT, encoding: 'utf8' });
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout).diagnostics[0].range.start.line).toBe(expected!.line - 1);
  });
});
