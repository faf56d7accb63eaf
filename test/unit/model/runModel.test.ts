import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { movement, tryText } from '../../../src/cli/tryText';
import { summarize } from '../../../src/core/events/reducer';
import type { RunEvent } from '../../../src/core/events/protocol';
import { modelCode } from '../../../src/core/model/modelCode';
import { DOWNLOAD_COMPLETE, downloadDir, hubIdOf, runModel, thresholdKey, whyNotLocal } from '../../../src/core/model/runModel';
import { checkTryRequest, tryBaseArgs } from '../../../src/core/model/tryModel';
import { RunStore } from '../../../src/core/runs/runStore';
import type { TryResult } from '../../../src/protocol/tryModels';
import { tinyMeta } from '../../fixtures/tinyRun';
import { happyEvents } from '../runs/runFixtures';

function record(backend: 'local' | 'modal', modelPath: string, extra: Partial<Extract<RunEvent, { type: 'completed' }>> = {}) {
  const store = new RunStore(mkdtempSync(join(tmpdir(), 'fte-model-')));
  const id = `run-${backend}`;
  store.create(tinyMeta(id, { backend }), 'task: duplicate-classification\n', { task: 'duplicate-classification', model: 'sentence-transformers/all-MiniLM-L6-v2' } as never);
  const events = happyEvents(id).map((e) => (e.type === 'completed' ? { ...e, model_path: modelPath, ...extra } : e));
  return { store, meta: store.readMeta(id)!, summary: summarize(events) };
}

describe('where a run\'s model is', () => {
  it('a local run: the folder the template saved, its run folder for the cache, the base model from the job', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fte-out-'));
    mkdirSync(join(dir, 'model'));
    const r = record('local', join(dir, 'model'));
    const m = runModel(r.store, r.meta, r.summary);
    expect(m).toMatchObject({ location: 'local', localPath: join(dir, 'model'), runDir: dir, baseModel: 'sentence-transformers/all-MiniLM-L6-v2', task: 'duplicate-classification' });
    expect(whyNotLocal(m, 'vol')).toBeUndefined();
    expect(tryBaseArgs(m, m.localPath!)).toEqual(['--job', r.store.files('run-local').job, '--model', join(dir, 'model'), '--run-dir', dir]);
  });

  it('a Modal run stays on the volume until a complete download, which then is the model', () => {
    const r = record('modal', '/vol/runs/run-modal/model');
    const before = runModel(r.store, r.meta, r.summary);
    expect(before.location).toBe('volume');
    expect(whyNotLocal(before, 'my-vol')).toContain('Download it first');
    expect(whyNotLocal(before, 'my-vol')).toContain('finetune-embeddings download run-modal');
    const dest = downloadDir(r.store, 'run-modal');
    mkdirSync(dest, { recursive: true });
    expect(runModel(r.store, r.meta, r.summary).location, 'half a download is not a model').toBe('volume');
    writeFileSync(join(dest, DOWNLOAD_COMPLETE), 'now');
    expect(runModel(r.store, r.meta, r.summary)).toMatchObject({ location: 'downloaded', localPath: dest, runDir: null });
  });

  it('pairs runs carry each model\'s accuracy threshold, for the duplicate decision', () => {
    const key = 'eval_dev_cosine_accuracy_threshold';
    const r = record('local', '/nowhere', { final_metrics: { eval_dev_cosine_ap: 0.9, [key]: 0.71 }, baseline_metrics: { eval_dev_cosine_ap: 0.8, [key]: 0.55 } });
    const m = runModel(r.store, r.meta, r.summary);
    expect(m.thresholds).toEqual({ base: 0.55, finetuned: 0.71 });
    expect(m.location, 'a model folder that is gone is not local').toBe('none');
    expect(thresholdKey('eval_dim_64_cosine_ap', { eval_dim_128_cosine_accuracy_threshold: 1, eval_dim_64_cosine_accuracy_threshold: 2 })).toBe('eval_dim_64_cosine_accuracy_threshold');
  });

  it('the Hub id of a pushed model', () => {
    expect(hubIdOf('https://huggingface.co/me/my-model')).toBe('me/my-model');
    expect(hubIdOf(null)).toBeNull();
  });
});

describe('Copy code', () => {
  it('loads the exact path (escaped as a Python string) and encodes two texts', () => {
    const r = record('local', '/nowhere');
    const m = { ...runModel(r.store, r.meta, r.summary), location: 'local' as const, localPath: 'C:\\runs\\"x"\\model' };
    const code = modelCode(m, m.localPath)!;
    expect(code).toContain('from sentence_transformers import SentenceTransformer');
    expect(code).toContain('model = SentenceTransformer("C:\\\\runs\\\\\\"x\\"\\\\model")');
    expect(code).toContain('model.encode([');
    expect(code).toContain('model.similarity(embeddings[0], embeddings[1])');
  });

  it('a line break in the base model name stays inside the comment: the copied Python runs nothing else', () => {
    const r = record('local', '/nowhere');
    const m = { ...runModel(r.store, r.meta, r.summary), baseModel: 'x)\nimport os; os.system("touch PWNED")\r#', location: 'local' as const, localPath: '/m' };
    const code = modelCode(m, m.localPath)!;
    const statements = execFileSync('python3', ['-c', 'import ast, sys; print(" ".join(type(n).__name__ for n in ast.parse(sys.stdin.read()).body))'], { input: code, encoding: 'utf8' });
    expect(statements.trim()).toBe('ImportFrom Assign Assign Expr Expr');
  });

  it('a Modal model\'s download hint quotes the run id for the shell', () => {
    const r = record('modal', '/vol/runs/run-modal/model');
    const m = { ...runModel(r.store, r.meta, r.summary), runId: 'x$(touch PWNED)' };
    expect(whyNotLocal(m, 'vol')).toContain("finetune-embeddings download 'x$(touch PWNED)'.");
  });

  it('a retrieval model encodes queries and documents with encode_query / encode_document (its saved prompts)', () => {
    const r = record('local', '/nowhere');
    const m = { ...runModel(r.store, r.meta, r.summary), task: 'information-retrieval', location: 'local' as const, localPath: '/m' };
    const code = modelCode(m, m.localPath)!;
    expect(code).toContain('queries = model.encode_query([');
    expect(code).toContain('documents = model.encode_document([');
    expect(code).toContain('model.similarity(queries, documents)');
    const statements = execFileSync('python3', ['-c', 'import ast, sys; print(" ".join(type(n).__name__ for n in ast.parse(sys.stdin.read()).body))'], { input: code, encoding: 'utf8' });
    expect(statements.trim()).toBe('ImportFrom Assign Assign Assign Expr');
  });

  it('prefers the Hub id of a pushed model', () => {
    const r = record('modal', '/vol/runs/run-modal/model', { hub_url: 'https://huggingface.co/me/tuned' });
    expect(modelCode(runModel(r.store, r.meta, r.summary), '/somewhere')).toContain('SentenceTransformer("me/tuned")');
  });
});

describe('a try request and its terminal view', () => {
  it('refuses an empty query or a k out of range', () => {
    expect(checkTryRequest({ query: ' ', k: 5 })).toMatch(/empty/);
    expect(checkTryRequest({ query: 'q', k: 51 })).toMatch(/from 1 to 50/);
    expect(checkTryRequest({ query: 'q', k: 5 })).toBeUndefined();
  });

  it('shows both lists, the movement of each fine-tuned hit and the pair decision', () => {
    const hit = (rank: number, other: number | null, text: string, extra = {}) => ({ rank, text, score: 1 - rank / 10, other_rank: other, relevant: null, ...extra });
    const r: TryResult = {
      query: 'q', k: 2, task: 'duplicate-classification', models: { base: 'base-id', finetuned: '/m' }, corpus_size: 10, corpus_total: 12,
      base: { model: 'base-id', hits: [hit(1, 1, 'a'), hit(2, 7, 'b')] },
      finetuned: { model: '/m', hits: [hit(1, 1, 'a'), hit(2, 5, 'c', { relevant: true, match: true })] },
      relevant: [{ text: 'c', base_rank: 5, finetuned_rank: 2 }],
      pair: { text1: 'q', text2: 'c', gold: 1, base: { similarity: 0.5, threshold: 0.6, match: false }, finetuned: { similarity: 0.8, threshold: 0.7, match: true } },
      query_ms: 12,
    };
    expect(movement(r.finetuned.hits[1]!)).toBe('↑3 (base #5)');
    expect(movement(r.finetuned.hits[0]!)).toBe('=');
    const text = tryText(r).join('\n');
    expect(text).toContain('corpus of 10 of 12 texts');
    expect(text).toMatch(/Base model \(base-id\):\n\s+1\. 0\.9000\s+a\n\s+2\. 0\.8000\s+b/);
    expect(text).toMatch(/2\. 0\.8000 ✓ \[match\] c {2}↑3 \(base #5\)/);
    expect(text).toContain('✓ known match "c": base #5 → fine-tuned #2');
    expect(text).toContain('base 0.5000 (threshold 0.6000: no match) · fine-tuned 0.8000 (threshold 0.7000: match) · gold 1');
  });
});
