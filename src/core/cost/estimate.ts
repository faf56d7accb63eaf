import type { RunMeta } from '../runs/runMeta';

export function elapsedMs(meta: Pick<RunMeta, 'createdAt' | 'endedAt'>, now = Date.now()): number {
  const end = meta.endedAt ? Date.parse(meta.endedAt) : now;
  return Math.max(0, end - Date.parse(meta.createdAt));
}

/** Cost so far; RunMeta.pricePerHour already covers all GPUs of the run. */
export function costSoFar(meta: Pick<RunMeta, 'createdAt' | 'endedAt' | 'pricePerHour'>, now = Date.now()): number {
  return meta.pricePerHour * (elapsedMs(meta, now) / 3_600_000);
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function formatUsd(usd: number): string {
  return usd < 10 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(0)}`;
}

export interface RunTimeInput {
  /** Training rows after sampling and the held-out split. */
  trainRows: number;
  epochs: number;
  /** Model size in millions of parameters. */
  paramsM: number;
  /** Dense TFLOP/s of one GPU (from the GPU table). */
  gpuTflops: number;
  gpuCount: number;
  /** Texts per row (2 for pairs, 3 for triplets). */
  textsPerRow: number;
  /** Average tokens per text. */
  tokensPerText?: number;
}

/** Assumed model-FLOPs utilisation for small-batch encoder training (measured values sit around 25-40%). */
export const ASSUMED_MFU = 0.3;

/**
 * Rough training time: 6 x params FLOPs per token (forward + backward), at ASSUMED_MFU of the
 * GPUs' peak, plus a fixed few minutes for the image, model download and evaluations.
 */
export function estimateRunMinutes(i: RunTimeInput): number {
  const tokens = i.trainRows * i.epochs * i.textsPerRow * (i.tokensPerText ?? 48);
  const flops = 6 * i.paramsM * 1e6 * tokens;
  const seconds = flops / (i.gpuTflops * 1e12 * ASSUMED_MFU * i.gpuCount);
  return seconds / 60 + 4;
}
