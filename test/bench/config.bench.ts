/**
 * Config-language benchmarks: validation of a 1,000-line config, the catalog lookups and the
 * pairings JSON, and completion / hover latency on the same file. Discovered and bundled by
 * scripts/bench.mjs (every test/bench/*.bench.ts exporting `benchmarks`); not a vitest file.
 */
import { EVALUATORS } from '../../src/core/catalog/evaluators';
import { LOSSES } from '../../src/core/catalog/losses';
import { TASKS } from '../../src/core/catalog/tasks';
import { pairingsCommand } from '../../src/cli/commands/pairings';
import { completionsAt } from '../../src/core/config/completions';
import { hoverAt } from '../../src/core/config/hover';
import { validateConfig } from '../../src/core/config/validate';
import type { Benchmark } from './benchmark';


/** A realistic sweep config grown to `lines` lines with commentary and long categorical search spaces. */
export function largeConfig(lines = 1000): string {
  const head = [
    '# Duplicate-question detection on Quora pairs, with a wide search over models and rates.',
    'task: duplicate-classification',
    'model: BAAI/bge-base-en-v1.5',
    'dataset:',
    '  hub: sentence-transformers/quora-duplicates',
    '  subset: pair-class',
    '  split: train',
    '  test_size: 0.1          # held-out fraction for the evaluator',
    '  sample: 0.01',
    '  columns: { text1: sentence1, text2: sentence2, label: label }',
    'loss: OnlineContrastiveLoss',
    'loss_args: { margin: 0.5 }',
    'evaluator: BinaryClassificationEvaluator',
    'training:',
    '  epochs: 10',
    '  batch_size: 16',
    '  learning_rate: 2.0e-5',
    '  warmup_ratio: 0.1',
    '  precision: auto',
    '  eval_steps: 100',
    '  seed: 42',
    'compute:',
    '  backend: modal',
    '  gpu: A10G',
    '  timeout_minutes: 250',
    'output: { push_to_hub: my-org/bge-quora, hf_secret: huggingface }',
    'sweep:',
    '  trials: 200',
    '  parallel: 8',
    '  metric: auto',
    '  direction: maximize',
    '  space:',
  ];
  const budget = lines - head.length - 8;
  const per = Math.floor(budget / 4);
  const list = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => `        - ${f(i)}`);
  const body = [
    '    # every learning rate worth trying, one per line',
    '    learning_rate:',
    '      type: categorical',
    '      choices:',
    ...list(per, (i) => (1e-6 * (1 + i)).toExponential(3)),
    '    batch_size:',
    '      type: categorical',
    '      choices:',
    ...list(per, (i) => String(8 + i)),
    '    loss_args.margin:',
    '      type: categorical',
    '      choices:',
    ...list(per, (i) => (0.1 + i / (2 * per)).toFixed(4)),
    '    model:',
    '      type: categorical',
    '      choices:',
  ];
  const rest = lines - head.length - body.length;
  const models = list(rest, (i) => `my-org/bge-variant-${i}   # candidate ${i}`);
  return `${[...head, ...body, ...models].join('\n')}\n`;
}

const text = largeConfig(1000);
const lossOffset = text.indexOf('loss: ') + 'loss: '.length;
/** The same file while the user types a new key under training: (an indented empty line). */
const typing = text.replace('  seed: 42\n', '  seed: 42\n  \n');
const trainingKeyOffset = typing.indexOf('  seed: 42\n') + '  seed: 42\n  '.length;
const hoverOffset = text.indexOf('OnlineContrastiveLoss') + 5;
const sink = { out: () => undefined, err: () => undefined };

export const benchmarks: Benchmark[] = [
  {
    name: 'validate 1,000-line config',
    targetMs: 20,
    check() {
      const n = text.split('\n').length - 1;
      if (n !== 1000) throw new Error(`generated ${n} lines, not 1000`);
      const { diagnostics } = validateConfig(text);
      if (diagnostics.length) throw new Error(`the bench config is not clean: ${diagnostics.map((d) => d.code).join(', ')}`);
    },
    run: () => validateConfig(text),
  },
  {
    name: 'build catalog lookups',
    runs: 200,
    run: () => [
      new Map(TASKS.map((t) => [t.id, t])), new Map(LOSSES.map((l) => [l.name, l])), new Map(EVALUATORS.map((e) => [e.name, e])),
      TASKS.flatMap((t) => t.losses.map((l) => `${t.id}/${l.loss}`)),
    ],
  },
  {
    name: 'pairings JSON (all tasks)',
    runs: 200,
    run: () => pairingsCommand(undefined, true, sink),
  },
  {
    name: 'completion (loss value) on the 1,000-line config',
    check() {
      if (!completionsAt(text, lossOffset).some((i) => i.label === 'OnlineContrastiveLoss')) throw new Error('no loss completions');
      if (!completionsAt(typing, trainingKeyOffset).some((i) => i.label === 'weight_decay')) throw new Error('no training key completions');
    },
    run: () => completionsAt(text, lossOffset),
  },
  {
    name: 'completion (training key) on the 1,000-line config',
    run: () => completionsAt(typing, trainingKeyOffset),
  },
  {
    name: 'hover (loss name) on the 1,000-line config',
    check() {
      if (!hoverAt(text, hoverOffset)?.markdown.includes('OnlineContrastiveLoss')) throw new Error('no hover');
    },
    run: () => hoverAt(text, hoverOffset),
  },
];
