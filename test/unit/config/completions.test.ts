import { describe, expect, it } from 'vitest';
import { completionsAt } from '../../../src/core/config/completions';
import { validateConfig } from '../../../src/core/config/validate';
import { cursorContext } from '../../../src/core/config/cursorContext';
import { GPUS } from '../../../src/core/cost/gpus';

/** Completions at the `|` marker. */
function at(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  if (offset < 0) throw new Error('no cursor marker');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  return completionsAt(text, offset);
}
const labels = (items: { label: string }[]) => items.map((i) => i.label);

const DUP = `task: duplicate-classification
model: BAAI/bge-base-en-v1.5
dataset:
  hub: sentence-transformers/quora-duplicates
  columns: { text1: sentence1, text2: sentence2, label: label }
`;

describe('completions', () => {
  it('loss values for a duplicate-classification config: the task\'s losses, recommended first and preselected', () => {
    const items = at(`${DUP}loss: |\n`);
    expect(labels(items)).toContain('OnlineContrastiveLoss');
    expect(labels(items)).toContain('ContrastiveLoss');
    expect(labels(items)).not.toContain('MultipleNegativesRankingLoss');
    expect(labels(items)).not.toContain('CoSENTLoss');
    const rec = items.find((i) => i.label === 'OnlineContrastiveLoss')!;
    expect(rec.preselect).toBe(true);
    expect(items.find((i) => i.label === 'ContrastiveLoss')!.preselect).toBeFalsy();
    expect(items.every((i) => i.kind === 'value')).toBe(true);
    const sorted = [...items].sort((a, b) => a.sortText.localeCompare(b.sortText));
    expect(sorted[0]!.label).toBe('OnlineContrastiveLoss');
    expect(rec.documentation).toContain('hard');
  });

  it('loss values at the end of the file without a newline, and with a typed prefix', () => {
    expect(labels(at(`${DUP}loss: |`))).toEqual(['OnlineContrastiveLoss', 'ContrastiveLoss']);
    expect(labels(at(`${DUP}loss: Onl|`))).toContain('OnlineContrastiveLoss');
  });

  it('loss values follow the task: a triplet config offers MNRL, its cached form and TripletLoss only', () => {
    const items = at('task: triplet\nmodel: m\nloss: |\n');
    expect(labels(items).sort()).toEqual(['CachedMultipleNegativesRankingLoss', 'MultipleNegativesRankingLoss', 'TripletLoss']);
    expect(items.find((i) => i.preselect)?.label).toBe('MultipleNegativesRankingLoss');
  });

  it('without a task every loss is offered once and none is preselected', () => {
    const items = at('model: m\nloss: |\n');
    expect(labels(items)).toEqual(expect.arrayContaining(['OnlineContrastiveLoss', 'MultipleNegativesRankingLoss', 'CoSENTLoss', 'TripletLoss', 'GISTEmbedLoss']));
    expect(new Set(labels(items)).size).toBe(items.length);
    expect(items.some((i) => i.preselect)).toBe(false);
  });

  it('evaluator values are filtered by the task with the recommended one preselected', () => {
    const items = at(`${DUP}evaluator: |\n`);
    expect(labels(items)).toContain('BinaryClassificationEvaluator');
    expect(labels(items)).not.toContain('TripletEvaluator');
    expect(items.find((i) => i.preselect)?.label).toBe('BinaryClassificationEvaluator');
    expect(items.find((i) => i.label === 'BinaryClassificationEvaluator')!.detail).toContain('cosine_ap');
  });

  it('keys under training: exclude the ones already present', () => {
    const items = at(`${DUP}training:\n  epochs: 1\n  batch_size: 16\n  |\n`);
    expect(items.every((i) => i.kind === 'key')).toBe(true);
    expect(labels(items)).toContain('learning_rate');
    expect(labels(items)).toContain('precision');
    expect(labels(items)).not.toContain('epochs');
    expect(labels(items)).not.toContain('batch_size');
    expect(labels(items)).not.toContain('task');
    expect(items.find((i) => i.label === 'learning_rate')!.insertText).toBe('learning_rate: ');
  });

  it('top-level keys exclude the ones already present', () => {
    const items = at(`${DUP}|`);
    expect(labels(items)).toEqual(expect.arrayContaining(['loss', 'evaluator', 'training', 'compute', 'output', 'sweep']));
    expect(labels(items)).not.toContain('task');
    expect(labels(items)).not.toContain('dataset');
  });

  it('dataset.columns keys follow the task\'s roles', () => {
    const ir = at('task: information-retrieval\nmodel: m\ndataset:\n  hub: x\n  columns:\n    anchor: q\n    |\n');
    expect(labels(ir)).toEqual(['positive', 'negative']);
    expect(ir.find((i) => i.label === 'negative')!.detail).toContain('optional');
    const sts = at('task: semantic-similarity\nmodel: m\ndataset:\n  hub: x\n  columns:\n    |\n');
    expect(labels(sts)).toEqual(['text1', 'text2', 'score']);
  });

  it('dataset.columns keys in a flow mapping follow the roles too', () => {
    const items = at('task: triplet\nmodel: m\ndataset:\n  hub: x\n  columns: { anchor: a, | }\n');
    expect(labels(items)).toEqual(['positive', 'negative']);
  });

  it('GPU values carry their price per hour and A10G is preselected', () => {
    const items = at(`${DUP}compute:\n  gpu: |\n`);
    expect(labels(items)).toEqual(GPUS.map((g) => g.type));
    for (const g of GPUS) {
      const item = items.find((i) => i.label === g.type)!;
      expect(item.detail).toContain(`$${g.pricePerHour.toFixed(2)}/h`);
    }
    expect(items.find((i) => i.label === 'T4')!.detail).toContain('no bf16');
    expect(items.find((i) => i.preselect)?.label).toBe('A10G');
  });

  it('flow-mapping positions: value and key completions inside { ... }', () => {
    const gpu = at(`${DUP}compute: { backend: modal, gpu: | }\n`);
    expect(labels(gpu)).toContain('H100');
    const backend = at(`${DUP}compute: { backend: | }\n`);
    expect(labels(backend).sort()).toEqual(['local', 'modal']);
    const keys = at(`${DUP}training: { epochs: 1, | }\n`);
    expect(labels(keys)).toContain('batch_size');
    expect(labels(keys)).not.toContain('epochs');
    const precision = at(`${DUP}training: { epochs: 1, precision: | }\n`);
    expect(labels(precision).sort()).toEqual(['auto', 'bf16', 'fp16', 'fp32']);
  });

  it('loss_args keys come from the loss in effect', () => {
    expect(labels(at(`${DUP}loss: OnlineContrastiveLoss\nloss_args:\n  |\n`))).toEqual(['margin']);
    expect(labels(at(`${DUP}loss: ContrastiveLoss\nloss_args: { margin: 1, | }\n`))).toEqual(['size_average']);
    expect(labels(at('task: information-retrieval\nloss: GISTEmbedLoss\nloss_args:\n  |\n'))).toEqual(['guide', 'temperature']);
  });

  it('enum values and task values', () => {
    expect(labels(at('task: |\n')).sort()).toEqual(['duplicate-classification', 'information-retrieval', 'paraphrase-mining', 'semantic-similarity', 'triplet']);
    expect(labels(at(`${DUP}sweep:\n  direction: |\n`)).sort()).toEqual(['maximize', 'minimize']);
    expect(labels(at(`${DUP}dataset:\n  hub: |\n`))).toContain('sentence-transformers/quora-duplicates');
  });

  it('sweep.space keys are the tunable parameters for the loss', () => {
    const items = at(`${DUP}loss: OnlineContrastiveLoss\nsweep:\n  space:\n    learning_rate: { type: float, low: 1.0e-6, high: 1.0e-4 }\n    |\n`);
    expect(labels(items)).toContain('loss_args.margin');
    expect(labels(items)).toContain('batch_size');
    expect(labels(items)).not.toContain('learning_rate');
  });

  it('keys named like Object.prototype members do not crash completions (found by the property test)', () => {
    expect(at('toString: |\n')).toEqual([]);
    expect(at('training:\n  constructor: |\n')).toEqual([]);
    expect(labels(at('__proto__:\n  |\n'))).toEqual([]);
  });

  it('cursorContext finds nested paths in block and flow style', () => {
    expect(cursorContext('dataset:\n  columns:\n    anch', 'dataset:\n  columns:\n    anch'.length)).toEqual({ path: ['dataset', 'columns'], position: 'key', prefix: 'anch' });
    const t = 'compute: { gpu: A1';
    expect(cursorContext(t, t.length)).toEqual({ path: ['compute', 'gpu'], position: 'value', prefix: 'A1' });
  });
});

describe('starter configs', () => {
  it('an empty config offers one starter per task, and each validates clean', () => {
    const starters = completionsAt('', 0).filter((c) => c.kind === 'snippet');
    expect(starters.map((c) => c.label)).toEqual(['finetune-duplicate-classification', 'finetune-information-retrieval', 'finetune-semantic-similarity', 'finetune-triplet', 'finetune-paraphrase-mining']);
    for (const s of starters) expect(validateConfig(s.insertText).diagnostics).toEqual([]);
  });

  it('a config that has a task gets no starters', () => {
    const text = 'task: triplet\n';
    expect(completionsAt(text, text.length).filter((c) => c.kind === 'snippet')).toEqual([]);
  });
});
