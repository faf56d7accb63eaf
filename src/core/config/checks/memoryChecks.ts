import type { CheckContext } from './context';
import { num, report } from './context';
import { valueAt } from '../structuralChecks';

/**
 * Memory settings that hurt. Rules followed: sentence-transformers' losses guide ("Any Cached* loss
 * + gradient_checkpointing=True = crash. Pick one.") and hardware guide ("For MNRL, effective batch
 * via grad-accum is not equivalent": in-batch negatives come from one forward batch only).
 */
export function checkMemory(ctx: CheckContext): void {
  const loss = ctx.loss;
  if (!loss) return;
  if (valueAt(ctx.root, ['training', 'gradient_checkpointing']) === true && loss.name.startsWith('Cached')) {
    report(ctx, 'error', 'checkpointing-with-cached-loss', ['training', 'gradient_checkpointing'],
      `${loss.name} cannot be combined with training.gradient_checkpointing (sentence-transformers fails mid-training). The cached loss already bounds memory: lower loss_args.mini_batch_size instead, and set gradient_checkpointing to false.`,
      { fix: { title: 'Turn gradient checkpointing off', newText: 'false' } });
  }
  const accum = num(ctx, ['training', 'gradient_accumulation_steps']);
  if (loss.family === 'mnrl' && accum !== undefined && accum > 1) {
    const batch = num(ctx, ['training', 'batch_size']) ?? ctx.task?.hyperparameters.batch_size ?? 32;
    const cached = loss.name.startsWith('Cached');
    report(ctx, 'warning', 'accumulation-with-in-batch-negatives', ['training', 'gradient_accumulation_steps'],
      `gradient_accumulation_steps ${accum} does not give ${loss.name} a bigger batch: each example is still scored against the ${batch - 1} others of its own batch_size ${batch}. `
      + (cached ? `Raise batch_size to ${batch * accum} instead (the cached loss keeps memory at mini_batch_size).`
        : `For ${batch * accum - 1} negatives in the same memory, use CachedMultipleNegativesRankingLoss with batch_size ${batch * accum}.`),
      { fix: { title: 'Set gradient_accumulation_steps to 1', newText: '1' } });
  }
}
