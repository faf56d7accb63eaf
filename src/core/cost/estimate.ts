import type { RunMeta } from '../runs/runMeta';

/** Worst case: the GPUs billed for the whole timeout. */
export function worstCaseCost(pricePerHour: number, gpuCount: number, timeoutMinutes: number): number {
  return pricePerHour * gpuCount * (timeoutMinutes / 60);
}

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
