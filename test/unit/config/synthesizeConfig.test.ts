import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/core/config/validate';
import { resolveJob } from '../../../src/core/job/resolveJob';

const BASE = `task: information-retrieval
model: sentence-transformers/all-MiniLM-L6-v2
dataset:
  synthesize:
    documents: docs/**/*.md
    chunk: { tokens: 256, overlap: 32 }
    queries_per_chunk: 2
    generator: ict
    out: data/synthetic.jsonl
compute: { backend: local }
`;

const codes = (text: string, dir?: string) =>
  validateConfig(text, dir ? { configDir: dir, fileExists: existsSync } : {}).diagnostics.map((d) => `${d.severity}:${d.code}`);

describe('dataset.synthesize in a config', () => {
  it('needs no dataset.path or columns, and nudges towards real test questions', () => {
    const found = codes(BASE);
    expect(found.filter((c) => c.startsWith('error'))).toEqual([]);
    expect(found).toContain('info:synthesize-real-questions');
    expect(codes(BASE.replace('  synthesize:', '  eval: { path: q.jsonl, columns: { anchor: question, positive: answer } }\n  synthesize:'))).not.toContain('info:synthesize-real-questions');
  });

  it('names the field and the fix for each mistake', () => {
    const d = (text: string) => validateConfig(text).diagnostics.filter((x) => x.severity === 'error');
    const overlap = d(BASE.replace('overlap: 32', 'overlap: 256'));
    expect(overlap.map((x) => x.code)).toEqual(['synthesize-overlap']);
    expect(overlap[0]!.message).toMatch(/chunk\.overlap \(256\) must be smaller than chunk\.tokens \(256\)/);
    expect(d(BASE.replace('task: information-retrieval', 'task: semantic-similarity')).map((x) => x.code)).toContain('synthesize-task');
    const conflict = d(BASE.replace('dataset:\n', 'dataset:\n  path: data/pairs.jsonl\n'));
    expect(conflict.map((x) => x.code)).toEqual(['synthesize-source-conflict']);
    expect(conflict[0]!.message).toMatch(/Remove dataset\.path/);
    const generator = d(BASE.replace('generator: ict', 'generator: gpt'));
    expect(generator[0]!.message).toMatch(/dataset\.synthesize\.generator must be ict/);
    expect(d(BASE.replace('out: data/synthetic.jsonl', 'out: data/synthetic.csv'))[0]!.message).toMatch(/dataset\.synthesize\.out must be a \.jsonl file/);
    expect(d(BASE.replace('queries_per_chunk: 2', 'queries_per_chunk: 0'))[0]!.message).toMatch(/queries_per_chunk must be between 1 and 20/);
  });

  it('warns until the pairs are written, then resolves them as ordinary data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fte-synthcfg-'));
    const config = join(dir, 'docs.finetune.yaml');
    writeFileSync(config, BASE);
    expect(codes(BASE, dir)).toContain('warning:synthesize-not-run');
    mkdirSync(join(dir, 'data'));
    for (const f of ['synthetic.jsonl', 'synthetic.test.jsonl']) writeFileSync(join(dir, 'data', f), '');
    expect(codes(BASE, dir)).not.toContain('warning:synthesize-not-run');
    const r = resolveJob(BASE, config, { fileExists: () => true });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    const ds = r.job.dataset;
    expect(ds.path).toBe(join(dir, 'data', 'synthetic.jsonl'));
    expect(ds.format).toBe('jsonl');
    expect(ds.columns.map((c) => c.source)).toEqual(['anchor', 'positive']);
    expect(ds.eval?.path).toBe(join(dir, 'data', 'synthetic.test.jsonl'));
    expect(ds.corpus).toMatchObject({ path: join(dir, 'data', 'synthetic.chunks.jsonl'), column: 'text' });
    expect(ds.synthesize).toMatchObject({ documents: ['docs/**/*.md'], chunk: { tokens: 256, overlap: 32 }, queries_per_chunk: 2,
      generator: { type: 'ict' }, filter: { top_k: 3 }, has_eval: false, cache_dir: join(dir, '.finetune', 'synthesize') });
  });

  it('with real questions in dataset.eval they are the test set', () => {
    const text = BASE.replace('  synthesize:', '  eval: { path: q.jsonl, columns: { anchor: question, positive: answer } }\n  synthesize:');
    const r = resolveJob(text, '/w/x.finetune.yaml', { fileExists: () => true });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.job.dataset.eval?.path).toBe('/w/q.jsonl');
    expect(r.job.dataset.eval?.columns.map((c) => c.source)).toEqual(['question', 'answer']);
    expect(r.job.dataset.synthesize?.has_eval).toBe(true);
  });

  it('an LLM generator: endpoint and model in the config, the key never', () => {
    const llm = BASE.replace('generator: ict', 'generator: { endpoint: http://localhost:8000/v1, model: qwen-instruct, concurrency: 8 }');
    const r = resolveJob(llm, '/w/x.finetune.yaml', { fileExists: () => true });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.job.dataset.synthesize?.generator).toEqual({ type: 'openai', endpoint: 'http://localhost:8000/v1', model: 'qwen-instruct',
      temperature: 0.7, concurrency: 8, api_key_env: 'FINETUNE_SYNTH_API_KEY', price: null });
    const withKey = validateConfig(llm.replace('concurrency: 8', 'concurrency: 8, api_key: sk-123')).diagnostics;
    const err = withKey.find((d) => d.code === 'synthesize-key-in-config');
    expect(err?.severity).toBe('error');
    expect(err?.message).toMatch(/Never put an API key in the config.*FINETUNE_SYNTH_API_KEY/);
    const bad = validateConfig(llm.replace('http://localhost:8000/v1', 'localhost:8000')).diagnostics.filter((d) => d.severity === 'error');
    expect(bad[0]?.message).toMatch(/generator/);
  });

  it('a modal generator: an open model served on a Modal GPU, with defaults, a checked GPU and no key', () => {
    const modal = BASE.replace('generator: ict', 'generator: { backend: modal, model: Qwen/Qwen2.5-1.5B-Instruct }');
    const r = resolveJob(modal, '/w/x.finetune.yaml', { fileExists: () => true });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.job.dataset.synthesize?.generator).toEqual({ type: 'modal', endpoint: null, model: 'Qwen/Qwen2.5-1.5B-Instruct', gpu: 'L4',
      temperature: 0.7, concurrency: 16, api_key_env: 'FINETUNE_SYNTH_API_KEY', max_minutes: 60 });
    const badGpu = validateConfig(modal.replace('backend: modal,', 'backend: modal, gpu: K80,')).diagnostics.find((d) => d.code === 'synthesize-gpu');
    expect(badGpu?.severity).toBe('error');
    expect(badGpu?.message).toMatch(/K80.*L4/);
    const priced = BASE.replace('generator: ict', 'generator: { endpoint: https://api.example.com/v1, model: m, price: { input_per_million: 0.15, output_per_million: 0.6 } }');
    const p = resolveJob(priced, '/w/x.finetune.yaml', { fileExists: () => true });
    expect(p.ok && p.job.dataset.synthesize?.generator).toMatchObject({ price: { input_per_million: 0.15, output_per_million: 0.6 } });
  });
});
