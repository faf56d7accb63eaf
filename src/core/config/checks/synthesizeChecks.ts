import { isAbsolute, join } from 'node:path';
import type { CheckContext } from './context';
import { num, obj, report, str } from './context';
import { synthOutputs } from '../synthPaths';
import { GPUS, parseGpu } from '../../cost/gpus';

export const SYNTH_DEFAULTS = { tokens: 256, overlap: 32, queriesPerChunk: 2, topK: 3, out: 'data/synthetic.jsonl' } as const;

/** dataset.synthesize: only for information retrieval, the only source of training data, a sane chunk, and a nudge towards real test questions. */
export function checkSynthesize(ctx: CheckContext): void {
  const at = ['dataset', 'synthesize'];
  if (!obj(ctx, at)) return;
  if (ctx.task && ctx.task.id !== 'information-retrieval') {
    report(ctx, 'error', 'synthesize-task', at,
      `dataset.synthesize makes (query, passage) pairs, for task: information-retrieval; this config's task is ${ctx.task.id}. Change the task or remove dataset.synthesize.`, { on: 'key' });
  }
  for (const other of ['path', 'hub'] as const) {
    if (str(ctx, ['dataset', other]) !== undefined) {
      report(ctx, 'error', 'synthesize-source-conflict', ['dataset', other],
        `dataset.${other} and dataset.synthesize both name the training data; the synthesized pairs are written to dataset.synthesize.out and trained on. Remove dataset.${other} (or dataset.synthesize).`, { on: 'key' });
    }
  }
  if (obj(ctx, ['dataset', 'corpus'])) {
    report(ctx, 'error', 'synthesize-corpus', ['dataset', 'corpus'],
      'With dataset.synthesize the corpus is every chunk of your documents; remove dataset.corpus (add those documents to dataset.synthesize.documents instead).', { on: 'key' });
  }
  if (obj(ctx, ['dataset', 'columns'])) {
    report(ctx, 'warning', 'synthesize-columns-ignored', ['dataset', 'columns'],
      'Synthesized pairs always have the columns anchor and positive; dataset.columns is ignored (dataset.eval.columns maps your real questions).', { on: 'key' });
  }
  const generator = obj(ctx, [...at, 'generator']);
  for (const secret of ['api_key', 'key', 'token', 'apiKey']) {
    if (generator && generator[secret] !== undefined) {
      report(ctx, 'error', 'synthesize-key-in-config', [...at, 'generator', secret],
        'Never put an API key in the config (it is shared, committed and logged). Remove it; set it with "Fine-tune Embeddings: Set LLM API Key" (VS Code secret storage) or in the environment variable FINETUNE_SYNTH_API_KEY.', { on: 'key' });
    }
  }
  const gpu = generator && generator.backend === 'modal' ? str(ctx, [...at, 'generator', 'gpu']) : undefined;
  if (gpu !== undefined && !parseGpu(gpu).ok) {
    report(ctx, 'error', 'synthesize-gpu', [...at, 'generator', 'gpu'],
      `dataset.synthesize.generator.gpu "${gpu}" is not a Modal GPU type; use one of ${GPUS.map((g) => g.type).join(', ')} (L4 serves models up to ~8B).`);
  }
  const tokens = num(ctx, [...at, 'chunk', 'tokens']) ?? SYNTH_DEFAULTS.tokens;
  const overlap = num(ctx, [...at, 'chunk', 'overlap']);
  if (overlap !== undefined && overlap >= tokens) {
    report(ctx, 'error', 'synthesize-overlap', [...at, 'chunk', 'overlap'],
      `dataset.synthesize.chunk.overlap (${overlap}) must be smaller than chunk.tokens (${tokens}); a tenth to an eighth of it is typical, e.g. 32 for 256.`);
  }
  if (!obj(ctx, ['dataset', 'eval'])) {
    report(ctx, 'info', 'synthesize-real-questions', at,
      'The test set will be synthetic questions on held-out documents. If you have real questions (even 50), put them in dataset.eval: they become the test set and every synthesized pair trains.', { on: 'key' });
  }
  const { configDir, fileExists } = ctx.options;
  if (!fileExists || configDir === undefined) return;
  const out = str(ctx, [...at, 'out']) ?? SYNTH_DEFAULTS.out;
  const absolute = isAbsolute(out) ? out : join(configDir, out);
  if (!fileExists(absolute) || (!obj(ctx, ['dataset', 'eval']) && !fileExists(synthOutputs(absolute).test))) {
    report(ctx, 'warning', 'synthesize-not-run', at,
      `The synthesized pairs (${out}) are not there yet: run \`finetune-embeddings synthesize\` on this config (or Synthesize in the panel) before training.`, { on: 'key' });
  }
}
