import { describe, expect, it } from 'vitest';
import { getTask } from '../../../src/core/catalog/tasks';
import { hoverAt } from '../../../src/core/config/hover';
import { validateConfig } from '../../../src/core/config/validate';
import { resolveJob } from '../../../src/core/job/resolveJob';
import { applyFixes } from './fixtureUtil';

const cfg = (task: string, cols: string, extra: string) => `task: ${task}
model: BAAI/bge-small-en-v1.5
dataset:
  hub: org/data
  columns: ${cols}
${extra}`;
const TRIPLET = '{ anchor: a, positive: p, negative: n }';
const codes = (text: string) => validateConfig(text).diagnostics.map((d) => d.code);

describe('memory', () => {
  it('every task with in-batch negatives offers the cached loss, and a triplet config with it validates', () => {
    for (const id of ['information-retrieval', 'triplet', 'paraphrase-mining']) {
      expect(getTask(id)!.losses.map((l) => l.loss), id).toContain('CachedMultipleNegativesRankingLoss');
    }
    const text = cfg('triplet', TRIPLET, 'loss: CachedMultipleNegativesRankingLoss\ntraining: { batch_size: 4 }\n');
    const diags = validateConfig(text).diagnostics;
    expect(diags.filter((d) => d.severity === 'error')).toEqual([]);
    // The small-batch advice for the cached loss is about mini_batch_size, not the loss it already is.
    expect(diags.find((d) => d.code === 'small-batch-in-batch-negatives')!.message).toContain('mini_batch_size');
  });

  it('the small-batch warning for triplet puts the cached loss first, which the validator then accepts', () => {
    const d = validateConfig(cfg('triplet', TRIPLET, 'training: { batch_size: 4 }\n')).diagnostics.find((x) => x.code === 'small-batch-in-batch-negatives')!;
    expect(d.message).toContain('switch to CachedMultipleNegativesRankingLoss');
    expect(codes(cfg('triplet', TRIPLET, 'loss: CachedMultipleNegativesRankingLoss\n'))).not.toContain('loss-task-mismatch');
  });

  it('gradient checkpointing with a cached loss is an error on that key whose fix turns it off', () => {
    const text = cfg('triplet', TRIPLET, 'loss: CachedMultipleNegativesRankingLoss\ntraining:\n  gradient_checkpointing: true\n');
    const d = validateConfig(text).diagnostics.find((x) => x.code === 'checkpointing-with-cached-loss')!;
    expect(d.severity).toBe('error');
    expect(d.range.start.line).toBe(7);
    expect(codes(applyFixes(text, d.fixes!))).not.toContain('checkpointing-with-cached-loss');
    expect(codes(cfg('triplet', TRIPLET, 'training: { gradient_checkpointing: true }\n'))).not.toContain('checkpointing-with-cached-loss');
  });

  it('gradient accumulation with in-batch negatives is a warning that names the negatives it does not add', () => {
    const d = validateConfig(cfg('triplet', TRIPLET, 'training: { batch_size: 32, gradient_accumulation_steps: 4 }\n')).diagnostics
      .find((x) => x.code === 'accumulation-with-in-batch-negatives')!;
    expect(d.message).toContain('the 31 others of its own batch_size 32');
    expect(d.message).toContain('CachedMultipleNegativesRankingLoss with batch_size 128');
    expect(codes(cfg('semantic-similarity', '{ text1: a, text2: b, score: s }', 'training: { gradient_accumulation_steps: 4 }\n')))
      .not.toContain('accumulation-with-in-batch-negatives');
  });

  it('gradient_checkpointing reaches the job spec; the long-context default is explained where the model and the length are set', () => {
    const r = resolveJob(cfg('triplet', TRIPLET, 'training: { gradient_checkpointing: true }\n'), '/w/x.finetune.yaml');
    expect(r.ok && r.job.training.gradient_checkpointing).toBe(true);
    const text = 'task: triplet\nmodel: nomic-ai/modernbert-embed-base\ntraining: { max_seq_length: 256 }\n';
    expect(hoverAt(text, text.indexOf('modernbert') + 3)!.markdown).toContain('caps it at 512 tokens');
    expect(hoverAt(text, text.indexOf('max_seq_length') + 3)!.markdown).toContain('99th-percentile');
  });
});
