import { parseGpu } from '../../cost/gpus';
import type { CheckContext } from './context';
import { num, obj, report, str } from './context';

/**
 * A sweep trains each trial in one process (sweep.py does not start torchrun), so `gpu: X:N` with
 * a sweep pays for N GPUs and uses one. Parallel trials on one GPU each are the way to use N.
 */
export function checkSweepGpus(ctx: CheckContext): void {
  if (!obj(ctx, ['sweep'])) return;
  const text = str(ctx, ['compute', 'gpu']);
  const parsed = text ? parseGpu(text) : undefined;
  if (!parsed?.ok || parsed.value.count <= 1) return;
  const { gpu, count } = parsed.value;
  const parallel = num(ctx, ['sweep', 'parallel']) ?? 1;
  report(ctx, 'error', 'sweep-multi-gpu', ['compute', 'gpu'],
    `A sweep trains each trial in one process, so "${text}" would pay for ${count} ${gpu.type} GPUs per worker and use one. `
    + `Use gpu: ${gpu.type} and sweep.parallel: ${Math.max(parallel, count)} to run ${Math.max(parallel, count)} trials at once, one GPU each.`,
    { fix: { title: `Use one ${gpu.type} per trial`, newText: gpu.type } });
}
