/**
 * `finetune-embeddings bakeoff CONFIG --json` end to end on this machine: a real config, real data,
 * the training environment's Python scoring the packaged all-MiniLM-L6-v2 (offline) and a folder
 * that holds no model; the documented JSON keys, best first, the record in .finetune/bakeoffs/.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import type { Io } from '../../../src/cli/io';
import { trainingPython } from '../../support/trainingPython';

const ws = mkdtempSync(join(tmpdir(), 'fte-bakeoff-cli-'));
const cwdBefore = process.cwd();
const envBefore = { ...process.env };
const MINILM = 'sentence-transformers/all-MiniLM-L6-v2';
const TOPICS = ['invoice', 'password', 'printer', 'vacation', 'laptop', 'parking', 'badge', 'payroll', 'wifi', 'meeting room'];
const ACTIONS = ['reset', 'request', 'cancel', 'report a problem with'];

function capture(): Io & { outText: () => string; errLines: string[] } {
  const out: string[] = [];
  const errLines: string[] = [];
  return { out: (l) => out.push(l), err: (l) => errLines.push(l), outText: () => out.join('\n'), errLines };
}

beforeAll(() => {
  const rows = TOPICS.flatMap((t) => ACTIONS.map((a) => ({ question: `How do I ${a} my ${t}?`, answer: `To ${a} your ${t}, open the ${t} page of the portal and choose "${a}".` })));
  mkdirSync(join(ws, 'data'));
  writeFileSync(join(ws, 'data', 'faq.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n'));
  writeFileSync(join(ws, 'faq.finetune.yaml'), [
    'task: information-retrieval', `model: ${MINILM}`, 'dataset:', '  path: data/faq.jsonl', '  test_size: 0.3',
    '  columns: { anchor: question, positive: answer }', 'loss: MultipleNegativesRankingLoss', 'evaluator: InformationRetrievalEvaluator',
    'training:', '  epochs: 1', '  batch_size: 8', '  max_seq_length: 32', 'compute:', '  backend: local', '',
  ].join('\n'));
  mkdirSync(join(ws, 'empty-folder'));
  process.env.FINETUNE_PYTHON = trainingPython();
  process.env.HF_HUB_OFFLINE = '1';
  process.chdir(ws);
});
afterAll(() => {
  process.chdir(cwdBefore);
  process.env = envBefore;
});

describe('finetune-embeddings bakeoff', () => {
  it('prints the documented JSON best first, failed candidates last, and keeps the record', async () => {
    const io = capture();
    const code = await runCli(['bakeoff', 'faq.finetune.yaml', '--models', `empty-folder,${MINILM}`, '--json'], io);
    expect(code, io.errLines.join('\n')).toBe(0);
    const r = JSON.parse(io.outText()) as Record<string, unknown> & { candidates: Record<string, unknown>[] };
    expect(Object.keys(r).slice(0, 5)).toEqual(['metric', 'split', 'n', 'corpus_size', 'candidates']);
    expect(r).toMatchObject({ metric: 'eval_dev_cosine_ndcg@10', split: 'test', corpus_size: 40 });
    expect(r.n).toBeGreaterThan(5);
    const [best, failed] = r.candidates;
    expect(Object.keys(best!).slice(0, 7)).toEqual(['model', 'score', 'ci95', 'dims', 'params', 'texts_per_s', 'backend']);
    expect(best).toMatchObject({ model: MINILM, dims: 384, backend: 'local' });
    const [lo, hi] = best!.ci95 as [number, number];
    expect(lo).toBeLessThanOrEqual(best!.score as number);
    expect(best!.score as number).toBeLessThanOrEqual(hi);
    expect(failed).toMatchObject({ model: 'empty-folder', score: null, ci95: null });
    expect(failed!.error).toEqual(expect.any(String));
    expect(r.recommended).toEqual({ model: MINILM });
    // Progress per candidate went to stderr while it ran.
    expect(io.errLines.filter((l) => l.startsWith('Candidate '))).toEqual(['Candidate 1/2: empty-folder', `Candidate 2/2: ${MINILM}`]);
    const saved = readdirSync(join(ws, '.finetune', 'bakeoffs'));
    expect(saved).toEqual([`${r.id as string}.json`]);
    const record = JSON.parse(readFileSync(join(ws, '.finetune', 'bakeoffs', saved[0]!), 'utf8')) as { config: string; result: { recommended: unknown } };
    expect(record.config).toBe('faq.finetune.yaml');
    expect(record.result.recommended).toEqual({ model: MINILM });
  }, 300_000);

  it('refuses bad input with the field and the fix, before any Python runs', async () => {
    const none = capture();
    expect(await runCli(['bakeoff'], none)).toBe(2);
    expect(none.errLines[0]).toMatch(/^bakeoff: name a config file, e\.g\. finetune-embeddings bakeoff /);
    const empty = capture();
    expect(await runCli(['bakeoff', 'faq.finetune.yaml', '--models', ','], empty)).toBe(2);
    expect(empty.errLines[0]).toMatch(/^bakeoff: --models names no model; pass Hub ids or folders separated by commas/);
    const backend = capture();
    expect(await runCli(['bakeoff', 'faq.finetune.yaml', '--backend', 'gpu'], backend)).toBe(2);
    expect(backend.errLines[0]).toBe('bakeoff: --backend must be local or modal, not "gpu".');
    const noGpu = capture();
    expect(await runCli(['bakeoff', 'faq.finetune.yaml', '--backend', 'modal', '--models', MINILM], noGpu)).toBe(2);
    expect(noGpu.errLines.at(-1)).toMatch(/^bakeoff: compute\.gpu is required to compare on Modal \(e\.g\. gpu: L4\)/);
  });
});
