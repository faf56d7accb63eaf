import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVALUATORS, getEvaluator } from '../../../src/core/catalog/evaluators';
import { LOSSES, getLoss } from '../../../src/core/catalog/losses';
import { TASKS, TASK_IDS, getTask } from '../../../src/core/catalog/tasks';
import { starterConfig } from '../../../src/core/config/starter';
import { validateConfig } from '../../../src/core/config/validate';
import { resolveJob } from '../../../src/core/job/resolveJob';
import { BROKEN_DIR, EXAMPLES_DIR, configFiles, fsOptions, read, show } from '../config/fixtureUtil';

const one = <T>(xs: readonly T[], pred: (x: T) => boolean) => xs.filter(pred);

describe('catalog', () => {
  it('has the five tasks of the issue, with unique ids', () => {
    expect([...TASK_IDS].sort()).toEqual(['duplicate-classification', 'information-retrieval', 'paraphrase-mining', 'semantic-similarity', 'triplet']);
    expect(new Set(TASK_IDS).size).toBe(TASKS.length);
  });

  it('loss and evaluator names are unique', () => {
    expect(new Set(LOSSES.map((l) => l.name)).size).toBe(LOSSES.length);
    expect(new Set(EVALUATORS.map((e) => e.name)).size).toBe(EVALUATORS.length);
  });

  describe.each(TASKS.map((t) => [t.id, t] as const))('%s', (_id, task) => {
    it('has exactly one recommended loss and evaluator, both known', () => {
      const losses = one(task.losses, (l) => l.recommended);
      const evaluators = one(task.evaluators, (e) => e.recommended);
      expect(losses).toHaveLength(1);
      expect(evaluators).toHaveLength(1);
      for (const l of task.losses) expect(getLoss(l.loss), l.loss).toBeDefined();
      for (const e of task.evaluators) expect(getEvaluator(e.evaluator), e.evaluator).toBeDefined();
    });

    it('recommended loss and evaluator are mutually compatible: the task lists both and they validate together', () => {
      const loss = task.losses.find((l) => l.recommended)!.loss;
      const evaluator = task.evaluators.find((e) => e.recommended)!.evaluator;
      expect(task.losses.map((l) => l.loss)).toContain(loss);
      expect(task.evaluators.map((e) => e.evaluator)).toContain(evaluator);
      const ex = task.examples[0]!;
      const cols = Object.entries(ex.columns).map(([r, c]) => `${r}: ${c}`).join(', ');
      const text = `task: ${task.id}\nmodel: BAAI/bge-base-en-v1.5\ndataset: { hub: ${ex.hub}, columns: { ${cols} } }\nloss: ${loss}\nevaluator: ${evaluator}\n`;
      const { diagnostics } = validateConfig(text);
      expect(diagnostics, show(diagnostics)).toEqual([]);
    });

    it('every listed loss and evaluator is accepted by the validator for this task', () => {
      const ex = task.examples[0]!;
      const cols = Object.entries(ex.columns).map(([r, c]) => `${r}: ${c}`).join(', ');
      for (const l of task.losses) {
        for (const e of task.evaluators) {
          const guide = getLoss(l.loss)!.needsGuideModel ? 'loss_args: { guide: BAAI/bge-small-en-v1.5 }\n' : '';
          const text = `task: ${task.id}\nmodel: m\ndataset: { hub: ${ex.hub}, columns: { ${cols} } }\nloss: ${l.loss}\n${guide}evaluator: ${e.evaluator}\n`;
          const errors = validateConfig(text).diagnostics.filter((d) => d.severity === 'error');
          expect(errors, `${l.loss} + ${e.evaluator}: ${show(errors)}`).toEqual([]);
        }
      }
    });

    it('its starter config validates clean', () => {
      const text = starterConfig(task.id);
      const { diagnostics } = validateConfig(text);
      expect(diagnostics, show(diagnostics)).toEqual([]);
      expect(text).toContain(`task: ${task.id}`);
    });

    it('every example dataset maps every required role, and only the task\'s roles', () => {
      expect(task.examples.length).toBeGreaterThan(0);
      const roles = task.columns.map((c) => c.role);
      for (const ex of task.examples) {
        for (const c of task.columns.filter((x) => x.required)) expect(ex.columns[c.role], `${ex.hub} ${c.role}`).toBeTruthy();
        for (const role of Object.keys(ex.columns)) expect(roles).toContain(role);
      }
    });

    it('recommended hyperparameters are sane and the sampler follows the loss family', () => {
      const hp = task.hyperparameters;
      expect(hp.batch_size).toBeGreaterThanOrEqual(1);
      expect(hp.learning_rate).toBeGreaterThan(0);
      expect(hp.learning_rate).toBeLessThan(1);
      expect(hp.epochs).toBeGreaterThan(0);
      const family = getLoss(task.losses.find((l) => l.recommended)!.loss)!.family;
      expect(hp.batch_sampler).toBe(family === 'mnrl' ? 'no_duplicates' : 'batch_sampler');
      if (family === 'mnrl') expect(hp.batch_size).toBeGreaterThanOrEqual(8);
    });
  });

  it('every evaluator\'s primary metric is in its metric list', () => {
    for (const e of EVALUATORS) expect(e.metrics, e.name).toContain(e.primaryMetric);
  });

  it('primary metrics match sentence-transformers v6', () => {
    expect(Object.fromEntries(EVALUATORS.map((e) => [e.name, e.primaryMetric]))).toEqual({
      BinaryClassificationEvaluator: 'cosine_ap',
      InformationRetrievalEvaluator: 'cosine_ndcg@10',
      EmbeddingSimilarityEvaluator: 'spearman_cosine',
      TripletEvaluator: 'cosine_accuracy',
      ParaphraseMiningEvaluator: 'average_precision',
    });
  });

  it('the pairings of the issue hold', () => {
    const rec = (id: string) => [getTask(id)!.losses.find((l) => l.recommended)!.loss, getTask(id)!.evaluators.find((e) => e.recommended)!.evaluator];
    expect(rec('duplicate-classification')).toEqual(['OnlineContrastiveLoss', 'BinaryClassificationEvaluator']);
    expect(rec('information-retrieval')).toEqual(['MultipleNegativesRankingLoss', 'InformationRetrievalEvaluator']);
    expect(rec('semantic-similarity')).toEqual(['CoSENTLoss', 'EmbeddingSimilarityEvaluator']);
    expect(rec('triplet')).toEqual(['MultipleNegativesRankingLoss', 'TripletEvaluator']);
    expect(rec('paraphrase-mining')).toEqual(['MultipleNegativesRankingLoss', 'ParaphraseMiningEvaluator']);
    expect(getTask('duplicate-classification')!.losses.map((l) => l.loss)).toContain('ContrastiveLoss');
    expect(getTask('information-retrieval')!.losses.map((l) => l.loss)).toEqual(expect.arrayContaining(['CachedMultipleNegativesRankingLoss', 'GISTEmbedLoss']));
    expect(getLoss('GISTEmbedLoss')!.needsGuideModel).toBe(true);
    expect(getTask('duplicate-classification')!.examples[0]).toMatchObject({ hub: 'sentence-transformers/quora-duplicates', subset: 'pair-class' });
  });

  it('every loss is offered by at least one task and every evaluator too', () => {
    const losses = new Set(TASKS.flatMap((t) => t.losses.map((l) => l.loss)));
    const evaluators = new Set(TASKS.flatMap((t) => t.evaluators.map((e) => e.evaluator)));
    expect(LOSSES.map((l) => l.name).filter((n) => !losses.has(n))).toEqual([]);
    expect(EVALUATORS.map((e) => e.name).filter((n) => !evaluators.has(n))).toEqual([]);
  });

  it('loss argument defaults lie within their bounds', () => {
    for (const l of LOSSES) {
      for (const a of l.args) {
        if (a.default !== undefined) expect(typeof a.default, `${l.name}.${a.name}`).toBe(a.type);
        if (typeof a.default === 'number') {
          if (a.min !== undefined) expect(a.default).toBeGreaterThanOrEqual(a.min);
          if (a.max !== undefined) expect(a.default).toBeLessThanOrEqual(a.max);
        }
      }
    }
  });
});

describe('resolveJob of every example', () => {
  const examples = configFiles(EXAMPLES_DIR);
  it.each(examples.map((f) => [basename(f), f]))('%s', (_n, file) => {
    const result = resolveJob(read(file), file, fsOptions(file));
    expect(result.ok, show(result.diagnostics)).toBe(true);
    if (!result.ok) return;
    const job = result.job;
    const task = getTask(job.task)!;
    // columns in the task's order (texts positional, label/score last)
    const order = task.columns.map((c) => c.role);
    const roles = job.dataset.columns.map((c) => c.role);
    expect(roles).toEqual(order.filter((r) => roles.includes(r)));
    for (const c of task.columns.filter((x) => x.required)) expect(roles).toContain(c.role);
    const labelIndex = roles.findIndex((r) => r === 'label' || r === 'score');
    if (labelIndex >= 0) expect(labelIndex).toBe(roles.length - 1);
    // metric keys eval_<name>_<metric>
    const evaluator = getEvaluator(job.evaluator.name)!;
    expect(job.evaluator.metric_keys).toEqual(job.evaluator.eval_names.flatMap((n) => evaluator.metrics.map((m) => `eval_${n}_${m}`)));
    expect(job.evaluator.primary_metric).toBe(`eval_${job.evaluator.eval_names[0]}_${evaluator.primaryMetric}`);
    expect(job.evaluator.metric_keys).toContain(job.evaluator.primary_metric);
    expect(job.evaluator.primary_metric_name).toBe(evaluator.primaryMetric);
    if (job.matryoshka) expect(job.evaluator.eval_names).toEqual(job.matryoshka.map((d) => `dev_${d}`));
    else expect(job.evaluator.eval_names).toEqual(['dev']);
    // MNRL family -> no_duplicates
    expect(job.training.batch_sampler).toBe(getLoss(job.loss.name)!.family === 'mnrl' ? 'no_duplicates' : 'batch_sampler');
    expect(job.loss.family).toBe(getLoss(job.loss.name)!.family);
    if (job.sweep) expect(job.sweep.metric).toBe(job.evaluator.primary_metric);
    if (job.dataset.path) expect(job.dataset.format).toBe('jsonl');
  });

  it('fills defaults from the catalog when the config leaves them out', () => {
    const text = 'task: triplet\nmodel: m\ndataset: { hub: sentence-transformers/all-nli, columns: { negative: n, anchor: a, positive: p } }\n';
    const r = resolveJob(text, '/tmp/x/minimal.finetune.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.job.name).toBe('minimal');
    expect(r.job.loss.name).toBe('MultipleNegativesRankingLoss');
    expect(r.job.loss.args).toEqual({ scale: 20 });
    expect(r.job.evaluator.name).toBe('TripletEvaluator');
    expect(r.job.dataset.columns.map((c) => `${c.role}=${c.source}`)).toEqual(['anchor=a', 'positive=p', 'negative=n']);
    expect(r.job.training).toMatchObject({ batch_size: 64, learning_rate: 2e-5, epochs: 1, batch_sampler: 'no_duplicates' });
    expect(r.job.compute).toEqual({ backend: 'modal', gpu: 'A10G', gpu_count: 1, timeout_minutes: 60, cpu: 4, memory_gb: 16 }); // the A10G's CPU and memory request
    expect(r.job.dataset).toMatchObject({ split: 'train', test_size: 0.1, sample: null, subset: null, path: null, format: null });
  });

  it('resolves every config that has warnings only (unknown keys are dropped, not fatal)', () => {
    let checked = 0;
    for (const file of configFiles(BROKEN_DIR)) {
      const { diagnostics } = validateConfig(read(file), fsOptions(file));
      if (diagnostics.some((d) => d.severity === 'error')) continue;
      const r = resolveJob(read(file), file, fsOptions(file));
      expect(r.ok, `${basename(file)}: ${show(r.diagnostics)}`).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(8);
    const r = resolveJob('task: triplet\nmodel: m\nfoo: 1\ndataset: { hub: x, bar: 2, columns: { anchor: a, positive: p, negative: n } }\n', '/tmp/u.finetune.yaml');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.job.dataset.hub).toBe('x');
  });

  it('refuses a config with errors', () => {
    const r = resolveJob('task: triplet\nmodel: m\ndataset: { hub: x, columns: { anchor: a, positive: p } }\n', '/tmp/x.finetune.yaml');
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.code)).toContain('missing-column-role');
  });

  it('GPU counts and guide models resolve', () => {
    const text = 'task: information-retrieval\nmodel: m\ndataset: { hub: x, columns: { anchor: a, positive: p } }\nloss: GISTEmbedLoss\nloss_args: { guide: BAAI/bge-small-en-v1.5, temperature: 0.05 }\ncompute: { gpu: "h100:4" }\n';
    const r = resolveJob(text, '/tmp/gist.finetune.yaml');
    expect(r.ok, show(r.diagnostics)).toBe(true);
    if (!r.ok) return;
    expect(r.job.loss.guide_model).toBe('BAAI/bge-small-en-v1.5');
    expect(r.job.loss.args).toEqual({ temperature: 0.05 });
    expect(r.job.compute).toMatchObject({ gpu: 'H100', gpu_count: 4 });
  });
});
