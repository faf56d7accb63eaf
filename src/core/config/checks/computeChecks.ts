import { GPUS, parseGpu } from '../../cost/gpus';
import { listWords, nearest } from '../nearest';
import type { CheckContext } from './context';
import { num, report, str } from './context';

/** GPU type and count (within the type's per-container limit), precision the GPU supports, CPU and memory. */
export function checkCompute(ctx: CheckContext): void {
  checkResources(ctx);
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
      const max = `${parsed.type}:${parsed.max}`;
      report(ctx, 'error', 'invalid-gpu-count', ['compute', 'gpu'],
        `"${gpuText}": Modal puts at most ${parsed.max} ${parsed.type} GPUs in one container; the count after ":" must be a whole number from 1 to ${parsed.max}, e.g. ${max}.`,
        { fix: { title: `Change to "${max}"`, newText: max } });
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

/** compute.cpu / compute.memory_gb: requests for Modal; ignored by a local run, risky when tiny. */
function checkResources(ctx: CheckContext): void {
  const local = str(ctx, ['compute', 'backend']) === 'local';
  for (const key of ['cpu', 'memory_gb'] as const) {
    if (local && num(ctx, ['compute', key]) !== undefined) {
      report(ctx, 'warning', 'resources-ignored-locally', ['compute', key], `compute.${key} is a request to Modal; a local run (compute.backend: local) uses this machine as it is.`, { on: 'key' });
    }
  }
  const memory = num(ctx, ['compute', 'memory_gb']);
  if (!local && memory !== undefined && memory < 4) {
    report(ctx, 'warning', 'low-memory', ['compute', 'memory_gb'],
      `compute.memory_gb: ${memory} GiB is little for training: the model, the tokenizer and the data loader share it, and a container over its memory is killed (exit 137). 16 is the default per GPU.`);
  }
  const cpu = num(ctx, ['compute', 'cpu']);
  if (!local && cpu !== undefined && cpu < 1) {
    report(ctx, 'warning', 'low-cpu', ['compute', 'cpu'],
      `compute.cpu: ${cpu} core(s) will starve the GPU while data loads and tokenizes. 4 is the default per GPU.`);
  }
}

/** push_to_hub needs a token to push with. */
export function checkOutput(ctx: CheckContext): void {
  if (str(ctx, ['output', 'push_to_hub']) !== undefined && str(ctx, ['output', 'hf_secret']) === undefined) {
    report(ctx, 'warning', 'push-without-secret', ['output', 'push_to_hub'],
      'push_to_hub needs a Hugging Face token: add output.hf_secret with the name of a Modal secret holding HF_TOKEN, or the push will fail after training.');
  }
}
