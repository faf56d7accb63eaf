import { getTask } from '../catalog/tasks';
import type { ExampleDataset, TaskId } from '../catalog/types';

export interface StarterOptions {
  model?: string;
  /** A catalog example, or a local file path. */
  dataset?: ExampleDataset | { path: string };
  gpu?: string;
}

const q = (s: string): string => (/^[\w./@-]+$/.test(s) ? s : JSON.stringify(s));

/** A commented starter config for a task, with the catalog's recommendations filled in. */
export function starterConfig(taskId: TaskId, opts: StarterOptions = {}): string {
  const task = getTask(taskId);
  if (!task) throw new Error(`unknown task ${taskId}`);
  const loss = task.losses.find((l) => l.recommended)!;
  const evaluator = task.evaluators.find((e) => e.recommended)!;
  const example = opts.dataset ?? task.examples[0]!;
  const hp = task.hyperparameters;
  const source = 'path' in example
    ? [`  path: ${q(example.path)}          # csv, jsonl or parquet, relative to this file`]
    : [`  hub: ${q(example.hub)}`, ...(example.subset ? [`  subset: ${q(example.subset)}`] : []), `  split: ${q(example.split)}`];
  const columns = task.columns.map((c) => {
    const name = 'path' in example ? c.role : (example.columns[c.role] ?? c.role);
    return `    ${c.role}: ${q(name)}${' '.repeat(Math.max(1, 12 - c.role.length - name.length))}# ${c.required ? '' : 'optional: '}${c.description}`;
  });
  const otherLosses = task.losses.filter((l) => !l.recommended).map((l) => l.loss);
  return [
    `# Fine-tune Embeddings config: ${task.title.toLowerCase()}.`,
    `# ${task.oneLiner}`,
    `# Validate: finetune-embeddings validate <this file>. Launch from the editor title or the CodeLens.`,
    `task: ${task.id}`,
    `model: ${q(opts.model ?? 'BAAI/bge-base-en-v1.5')}`,
    'dataset:',
    ...source,
    '  test_size: 0.1          # held-out fraction for the evaluator, in (0, 1)',
    '  sample: 1.0             # fraction in (0, 1] or a row count; lower it for a cheap first run',
    '  columns:                # role -> column name in your dataset',
    ...columns,
    `# ${loss.why}`,
    `loss: ${loss.loss}${otherLosses.length ? `          # alternatives: ${otherLosses.join(', ')}` : ''}`,
    `evaluator: ${evaluator.evaluator}`,
    `# matryoshka: [768, 512, 256, 128, 64]   # optional: embeddings that still work when truncated`,
    'training:',
    `  epochs: ${hp.epochs}`,
    `  batch_size: ${hp.batch_size}`,
    `  learning_rate: ${hp.learning_rate.toExponential(1)}`,
    `  warmup_ratio: ${hp.warmup_ratio}`,
    '  precision: auto        # bf16 where the GPU supports it, else fp16',
    '  eval_steps: 100',
    '  seed: 42',
    'compute:',
    '  backend: modal         # modal | local',
    `  gpu: ${opts.gpu ?? 'A10G'}              # T4, L4, A10G, L40S, A100-40GB, A100-80GB, H100, H200, B200 (optionally :N)`,
    '  timeout_minutes: 120   # the worst-case cost is this times the GPU price',
    '# output: { push_to_hub: my-org/my-model, hf_secret: huggingface }',
    '',
  ].join('\n');
}
