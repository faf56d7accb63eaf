/** Modal GPU types with their on-demand price per hour (USD, per GPU) and bf16 support. */
export interface GpuSpec {
  type: string;
  pricePerHour: number;
  memoryGb: number;
  bf16: boolean;
  /** Dense bf16 (or fp16 where no bf16) tensor TFLOP/s, for rough time estimates. */
  tflops: number;
  aliases?: string[];
}

export const GPUS: readonly GpuSpec[] = [
  { type: 'T4', pricePerHour: 0.59, memoryGb: 16, bf16: false, tflops: 65 },
  { type: 'L4', pricePerHour: 0.80, memoryGb: 24, bf16: true, tflops: 121 },
  { type: 'A10G', pricePerHour: 1.10, memoryGb: 24, bf16: true, tflops: 70 },
  { type: 'A100', pricePerHour: 2.10, memoryGb: 40, bf16: true, tflops: 312 },
  { type: 'A100-40GB', pricePerHour: 2.10, memoryGb: 40, bf16: true, tflops: 312 },
  { type: 'A100-80GB', pricePerHour: 2.50, memoryGb: 80, bf16: true, tflops: 312 },
  { type: 'L40S', pricePerHour: 1.95, memoryGb: 48, bf16: true, tflops: 362 },
  { type: 'H100', pricePerHour: 3.95, memoryGb: 80, bf16: true, tflops: 989 },
  { type: 'H200', pricePerHour: 4.54, memoryGb: 141, bf16: true, tflops: 989 },
  { type: 'B200', pricePerHour: 6.25, memoryGb: 180, bf16: true, tflops: 2250 },
];

export const MAX_GPU_COUNT = 8;

export interface ParsedGpu {
  gpu: GpuSpec;
  count: number;
}

export type GpuParseResult = { ok: true; value: ParsedGpu } | { ok: false; reason: 'type' | 'count'; type: string };

/** Parses Modal's `TYPE` or `TYPE:N` notation (case-insensitive type, N in 1..8). */
export function parseGpu(text: string): GpuParseResult {
  const [rawType = '', rawCount, ...rest] = text.trim().split(':');
  const gpu = GPUS.find((g) => g.type.toLowerCase() === rawType.toLowerCase());
  if (!gpu) return { ok: false, reason: 'type', type: rawType };
  if (rawCount === undefined) return { ok: true, value: { gpu, count: 1 } };
  const count = /^\d+$/.test(rawCount) ? Number(rawCount) : NaN;
  if (rest.length > 0 || !Number.isInteger(count) || count < 1 || count > MAX_GPU_COUNT) {
    return { ok: false, reason: 'count', type: gpu.type };
  }
  return { ok: true, value: { gpu, count } };
}
