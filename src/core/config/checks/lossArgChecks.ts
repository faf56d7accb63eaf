import { getBaseModel } from '../../catalog/models';
import { describe, valueAt } from '../structuralChecks';
import { nearest } from '../nearest';
import { modelIdOf } from '../modelRef';
import type { CheckContext } from './context';
import { num, obj, report } from './context';

/** loss_args against the loss's known arguments, the guide model, and in-batch batch sizes. */
export function checkLossArgs(ctx: CheckContext): void {
  const loss = ctx.loss;
  if (!loss) return;
  const args = obj(ctx, ['loss_args']) ?? {};
  const names = loss.args.map((a) => a.name);
  for (const [key, value] of Object.entries(args)) {
    const spec = loss.args.find((a) => a.name === key);
    if (!spec) {
      const guess = nearest(key, names);
      report(ctx, 'warning', 'unknown-loss-arg', ['loss_args', key],
        `${loss.name} has no argument "${key}".${guess ? ` Did you mean "${guess}"?` : names.length ? ` Its arguments: ${names.join(', ')}.` : ' It takes no arguments.'}`,
        guess ? { on: 'key', fix: { title: `Rename to "${guess}"`, newText: guess } } : { on: 'key' });
      continue;
    }
    if (typeof value !== spec.type) {
      report(ctx, 'error', 'invalid-type', ['loss_args', key], `loss_args.${key} must be a ${spec.type}, not ${describe(value)}.`);
    } else if (typeof value === 'number' && Number.isFinite(value) && ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max))) {
      report(ctx, 'error', 'out-of-range', ['loss_args', key], `loss_args.${key} must be between ${spec.min} and ${spec.max} (got ${value}).`);
    }
  }
  if (loss.needsGuideModel && typeof args.guide !== 'string') {
    report(ctx, 'error', 'missing-guide-model', ['loss'],
      `${loss.name} needs a guide model: add loss_args: { guide: BAAI/bge-small-en-v1.5 } (any embedding model that is already good at your task).`);
  }
  const batch = num(ctx, ['training', 'batch_size']) ?? ctx.task?.hyperparameters.batch_size;
  if (loss.family === 'mnrl' && batch !== undefined && batch < 8 && valueAt(ctx.root, ['training', 'batch_size']) !== undefined) {
    report(ctx, 'warning', 'small-batch-in-batch-negatives', ['training', 'batch_size'],
      `${loss.name} learns from the other examples in the batch: batch_size ${batch} gives only ${batch - 1} negatives per example. Use 32 or more; if memory is short, switch to ${cachedAdvice(ctx, loss.name)}.`);
  }
}

/** The memory advice for an in-batch-negative loss: the cached loss where this task offers it. */
function cachedAdvice(ctx: CheckContext, loss: string): string {
  const offered = ctx.task?.losses.some((l) => l.loss === 'CachedMultipleNegativesRankingLoss');
  if (loss.startsWith('Cached')) return 'a smaller loss_args.mini_batch_size (memory) while keeping batch_size (negatives)';
  return offered ? 'CachedMultipleNegativesRankingLoss (the same batch in the memory of a small one)' : 'training.gradient_checkpointing: true';
}

/** Matryoshka dimensions: descending, not above the model's dimension. */
export function checkMatryoshka(ctx: CheckContext): void {
  const dims = valueAt(ctx.root, ['matryoshka']);
  if (!Array.isArray(dims) || !dims.every((d) => typeof d === 'number')) return;
  for (let i = 1; i < dims.length; i++) {
    if ((dims[i] as number) >= (dims[i - 1] as number)) {
      report(ctx, 'warning', 'matryoshka-order', ['matryoshka', i],
        `Matryoshka dimensions should be strictly decreasing, largest first (${dims[i - 1]} then ${dims[i]}).`);
      break;
    }
  }
  const model = getBaseModel(modelIdOf(valueAt(ctx.root, ['model'])) ?? '');
  const largest = Math.max(...(dims as number[]));
  if (model && largest > model.dimensions) {
    const index = (dims as number[]).indexOf(largest);
    report(ctx, 'error', 'matryoshka-too-large', ['matryoshka', index],
      `${model.id} produces ${model.dimensions}-dimensional embeddings; a Matryoshka dimension of ${largest} cannot be trained. Use ${model.dimensions} or less.`);
  }
}
