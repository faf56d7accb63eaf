/**
 * Modal GPU types: on-demand price per hour (USD, per GPU), bf16 support, how many fit one
 * container, and the CPU and memory a run requests per GPU unless the config says otherwise.
 */
export interface GpuSpec {
  type: string;
  pricePerHour: number;
  memoryGb: number;
  bf16: boolean;
  /** Dense bf16 (or fp16 where no bf16) tensor TFLOP/s, for rough time estimates. */
  tflops: number;
  /**
   * Most GPUs of this type in one container. Modal's GPU guide: "B200, H200, H100, A100, L4, T4
   * and L40S instances support up to 8 GPUs ... and A10 instances support up to 4 GPUs".
   */
  maxCount: number;
  /** Physical CPU cores requested per GPU (Modal's default request is 0.125 cores). */
  cpuPerGpu: number;
  /** Memory (GiB) requested per GPU (Modal's default request is 128 MiB). */
  memoryGbPerGpu: number;
  aliases?: string[];
}

// Data loading, tokenization and the model's host copy need real CPU and memory: ~4 cores and
// 16 GiB per 16-24 GB GPU (an AWS g5.2xlarge's share), twice that on the 40-80 GB cards.
const SMALL = { cpuPerGpu: 4, memoryGbPerGpu: 16 };
const LARGE = { cpuPerGpu: 8, memoryGbPerGpu: 32 };
const HUGE = { cpuPerGpu: 8, memoryGbPerGpu: 64 };

export const GPUS: readonly GpuSpec[] = [
  { type: 'T4', pricePerHour: 0.59, memoryGb: 16, bf16: false, tflops: 65, maxCount: 8, ...SMALL },
  { type: 'L4', pricePerHour: 0.80, memoryGb: 24, bf16: true, tflops: 121, maxCount: 8, ...SMALL },
  { type: 'A10G', pricePerHour: 1.10, memoryGb: 24, bf16: true, tflops: 70, maxCount: 4, ...SMALL },
  { type: 'A100', pricePerHour: 2.10, memoryGb: 40, bf16: true, tflops: 312, maxCount: 8, ...LARGE },
  { type: 'A100-40GB', pricePerHour: 2.10, memoryGb: 40, bf16: true, tflops: 312, maxCount: 8, ...LARGE },
  { type: 'A100-80GB', pricePerHour: 2.50, memoryGb: 80, bf16: true, tflops: 312, maxCount: 8, ...HUGE },
  { type: 'L40S', pricePerHour: 1.95, memoryGb: 48, bf16: true, tflops: 362, maxCount: 8, ...LARGE },
  { type: 'H100', pricePerHour: 3.95, memoryGb: 80, bf16: true, tflops: 989, maxCount: 8, ...HUGE },
  { type: 'H200', pricePerHour: 4.54, memoryGb: 141, bf16: true, tflops: 989, maxCount: 8, ...HUGE },
  { type: 'B200', pricePerHour: 6.25, memoryGb: 180, bf16: true, tflops: 2250, maxCount: 8, ...HUGE },
];

/** The largest count any type allows (for messages that do not know the type). */
export const MAX_GPU_COUNT = Math.max(...GPUS.map((g) => g.maxCount));

/**
 * Modal bills CPU and memory per second on top of the GPUs, for whichever is higher of the
 * request and the use. Rates from modal.com/pricing: $0.0000131 per physical core per second and
 * $0.00000222 per GiB per second (Modal's sandbox pages say sandboxes are billed the same way,
 * by request or use). Estimates use these base rates.
 */
export const CPU_CORE_PRICE_PER_HOUR = 0.0000131 * 3600;
export const MEMORY_GIB_PRICE_PER_HOUR = 0.00000222 * 3600;

/** What a container's CPU and memory request costs per hour. */
export function resourcesPricePerHour(cpu: number, memoryGb: number): number {
  return cpu * CPU_CORE_PRICE_PER_HOUR + memoryGb * MEMORY_GIB_PRICE_PER_HOUR;
}

/** The request a run gets for `count` GPUs of a type, unless compute.cpu / compute.memory_gb are set. */
export function defaultResources(gpu: GpuSpec, count: number): { cpu: number; memoryGb: number } {
  return { cpu: gpu.cpuPerGpu * count, memoryGb: gpu.memoryGbPerGpu * count };
}

/** GPUs plus the CPU and memory request, per hour: what one container of a run costs. */
export function containerPricePerHour(gpu: GpuSpec, count: number, resources = defaultResources(gpu, count)): number {
  return gpu.pricePerHour * count + resourcesPricePerHour(resources.cpu, resources.memoryGb);
}

export interface ParsedGpu {
  gpu: GpuSpec;
  count: number;
}

export type GpuParseResult =
  | { ok: true; value: ParsedGpu }
  | { ok: false; reason: 'type'; type: string }
  /** `max`: the type's limit (the count was malformed, or above it). */
  | { ok: false; reason: 'count'; type: string; max: number };

/** Parses Modal's `TYPE` or `TYPE:N` notation (case-insensitive type, N in 1..the type's maximum). */
export function parseGpu(text: string): GpuParseResult {
  const [rawType = '', rawCount, ...rest] = text.trim().split(':');
  const gpu = GPUS.find((g) => g.type.toLowerCase() === rawType.toLowerCase());
  if (!gpu) return { ok: false, reason: 'type', type: rawType };
  if (rawCount === undefined) return { ok: true, value: { gpu, count: 1 } };
  const count = /^\d+$/.test(rawCount) ? Number(rawCount) : NaN;
  if (rest.length > 0 || !Number.isInteger(count) || count < 1 || count > gpu.maxCount) {
    return { ok: false, reason: 'count', type: gpu.type, max: gpu.maxCount };
  }
  return { ok: true, value: { gpu, count } };
}
