/**
 * Try it and Export from the terminal and the warm session, on a run recorded for real: a tiny
 * BERT fine-tuned by finetune.py (test/fixtures/tiny_run.py), then queried and exported with the
 * training environment's Python, as a user's `finetune-embeddings try/export` would.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../../../src/core/events/reducer';
import { exportRecordPath } from '../../../src/core/model/exportOnnx';
import { runModel } from '../../../src/core/model/runModel';
import { TryServer } from '../../../src/core/model/tryServer';
import type { TryResult } from '../../../src/protocol/tryModels';
import { cliRun } from '../../fixtures/cliRun';
import { recordTinyRun, TEMPLATES } from '../../fixtures/tinyRun';
import type { TinyRun } from '../../fixtures/tinyRun';

let ws: string;
let run: TinyRun;
const cwdBefore = process.cwd();

beforeAll(async () => {
  ws = mkdtempSync(join(tmpdir(), 'fte-try-'));
  run = await recordTinyRun(ws);
  process.env.FINETUNE_PYTHON = run.python;
  process.chdir(ws);
}, 300_000);
afterAll(() => {
  process.chdir(cwdBefore);
  rmSync(ws, { recursive: true, force: true });
});

const cli = cliRun;

/** A held-out query of the run: the first anchor the warm session offers. */
let heldOutQuery = '';

describe('try and export on a real local run', () => {
  it('the warm session loads once, then answers each query with both models in well under a second', async () => {
    const m = runModel(run.store, run.store.readMeta(run.id)!, summarize(run.store.readEvents(run.id)));
    expect(m.location).toBe('local');
    const progress: string[] = [];
    const server = new TryServer({ python: run.python, templateDir: TEMPLATES, model: m, modelPath: m.localPath!, onProgress: (l) => progress.push(l) });
    try {
      const info = await server.ready;
      expect(progress.some((l) => l.startsWith('Loading the base model'))).toBe(true);
      expect(info.examples.length).toBeGreaterThan(10);
      expect(info.corpus_size).toBeGreaterThan(50);
      heldOutQuery = info.examples[0]!.query;
      const first = await server.query({ query: heldOutQuery, k: 5 });
      const started = Date.now();
      const second = await server.query({ query: info.examples[1]!.query, k: 5 });
      const wallMs = Date.now() - started;
      expect(first.base.hits).toHaveLength(5);
      expect(first.finetuned.hits).toHaveLength(5);
      expect(first.relevant.length, 'a held-out query knows its positive').toBeGreaterThan(0);
      expect(second.query_ms).toBeLessThan(1000);
      expect(wallMs).toBeLessThan(3000);
      console.log(`warm Try it: ${info.corpus_size} texts, first query ${first.query_ms} ms, second ${second.query_ms} ms in Python, ${wallMs} ms round trip`);
      // A bad request is an error for that query only.
      await expect(server.query({ query: ' ', k: 5 })).rejects.toThrow('The query is empty.');
      expect((await server.query({ query: heldOutQuery, k: 2 })).finetuned.hits).toHaveLength(2);
    } finally {
      server.dispose();
    }
    await new Promise((r) => setTimeout(r, 300));
    expect(server.alive).toBe(false);
  }, 120_000);

  it('`try RUN --query Q --json` prints both lists, keyed base and finetuned', async () => {
    const r = await cli('try', run.id.slice(0, 12), '--query', heldOutQuery, '--k', '3', '--json');
    expect(r.code, r.err).toBe(0);
    const result = JSON.parse(r.out) as TryResult;
    expect(result.models.finetuned).toBe(run.modelPath);
    expect(result.base.hits.map((h) => h.rank)).toEqual([1, 2, 3]);
    expect(result.finetuned.hits.map((h) => h.rank)).toEqual([1, 2, 3]);
    expect(result.finetuned.hits[0]!.score).toBeGreaterThanOrEqual(result.finetuned.hits[2]!.score!);
    expect(r.err).toContain('[fte] Loading the fine-tuned model');
  }, 120_000);

  it('`try` without --json shows both models, what moved and the known match', async () => {
    const r = await cli('try', run.id, '-q', heldOutQuery, '-k', '3');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Base model \(/m);
    expect(r.out).toMatch(/^Fine-tuned model \(/m);
    expect(r.out).toMatch(/✓ known match .*: base #\d+ → fine-tuned #\d+/);
  }, 120_000);

  it('`export RUN --format onnx --out DIR` writes a model onnxruntime runs, prints parity and records it with the run', async () => {
    const out = join(ws, 'onnx');
    const r = await cli('export', run.id, '--format', 'onnx', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(out, 'model.onnx'))).toBe(true);
    expect(existsSync(join(out, 'tokenizer.json'))).toBe(true);
    const m = /parity with PyTorch: mean cosine ([\d.]+) \(min ([\d.]+)\) on (\d+) held-out texts — ok/.exec(r.out);
    expect(m, r.out).not.toBeNull();
    expect(Number(m![2])).toBeGreaterThanOrEqual(0.999);
    const recorded = JSON.parse(readFileSync(exportRecordPath(run.store, run.id), 'utf8')) as { onnxFile: string; parity: { min_cosine: number; texts: number } };
    expect(recorded.onnxFile).toBe(join(out, 'model.onnx'));
    expect(recorded.parity.texts).toBe(Number(m![3]));
    console.log(`export: ${r.out.split('\n')[0]} / ${r.out.split('\n')[1]}`);
  }, 180_000);

  it('wrong or missing arguments are clear messages, not stack traces', async () => {
    expect(await cli('try', run.id)).toMatchObject({ code: 2, err: expect.stringContaining('--query TEXT is required') });
    expect(await cli('try', run.id, '--query', 'x', '--k', '0')).toMatchObject({ code: 2, err: expect.stringContaining('--k must be a whole number from 1 to 50') });
    expect(await cli('try', 'nope', '--query', 'x')).toMatchObject({ code: 2, err: expect.stringContaining('no run "nope"') });
    expect(await cli('export', run.id, '--out', 'x')).toMatchObject({ code: 2, err: expect.stringContaining('--format must be one of onnx') });
    expect(await cli('export', run.id, '--format', 'onnx')).toMatchObject({ code: 2, err: expect.stringContaining('--out DIR is required') });
  });
});
