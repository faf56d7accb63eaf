import { GPUS, MAX_GPU_COUNT, parseGpu } from '../../cost/gpus';
import { listWords, nearest } from '../nearest';
import type { CheckContext } from './context';
import { report, str } from './context';

/** GPU type and count, and precision that the GPU supports. */
export function checkCompute(ctx: CheckContext): void {
  const gpuText = str(ctx, ['compute', 'gpu']);
  if (gpuText === undefined) return;
  const parsed = parseGpu(gpuText);
  if (!parsed.ok) {
    if (parsed.reason === 'type') {
      const types = GPUS.map((g) => g.type);
      const guess = nearest(parsed.type, types);
      report(ctx, 'error', 'unknown-gpu', ['compute', 'gpu'],
        `Modal has no GPU type "${parsed.type}".${guess ? ` Did you mean "${guess}"?` : ''} Types: ${listWords(types)}, optionally ":N" for N GPUs.`,
        guess ? { fix: { title: `Change to "${guess}"`, newText: gpuText.replace(parsed.type, guess) } } : {});
    } else {
      report(ctx, 'error', 'invalid-gpu-count', ['compute', 'gpu'],
        `"${gpuText}": the GPU count after ":" must be a whole number from 1 to ${MAX_GPU_COUNT}, e.g. ${parsed.type}:2.`);
    }
    return;
  }
  const precision = str(ctx, ['training', 'precision']);
  if (precision === 'bf16' && !parsed.value.gpu.bf16) {
    report(ctx, 'error', 'bf16-unsupported', ['training', 'precision'],
      `${parsed.value.gpu.type} has no bf16 support. Use fp16 (or auto, which picks fp16 there), or a GPU such as L4 or A10G.`,
      { fix: { title: 'Use fp16', newText: 'fp16' } });
  }
}

/** push_to_hub needs a token to push with. */
export function checkOutput(ctx: CheckContext): void {
  if (str(ctx, ['output', 'push_to_hub']) !== undefined && str(ctx, ['output', 'hf_secret']) === undefined) {
    report(ctx, 'warning', 'push-without-secret', ['output', 'push_to_hub'],
      'push_to_hub needs a Hugging Face token: add output.hf_secret with the name of a Modal secret holding HF_TOKEN, or the push will fail after training.');
  }
}
