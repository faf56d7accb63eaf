/** Display formatting for the panel (mirrors core/cost's formatters, which the webview cannot import). */
export const shortMetric = (key: string): string => key.replace(/^eval_[^_]+(?:_\d+)?_/, '');

export function fmtMetric(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(4);
}

export function fmtSigned(v: number): string {
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(4)}`;
}

export function fmtPercent(v: number): string {
  return `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)}%`;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h ${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m ${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function formatUsd(usd: number): string {
  return usd < 10 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(0)}`;
}

export const humanize = (s: string): string => s.replace(/_/g, ' ');

/** A chart/element id fragment from a metric key. */
export const slug = (key: string): string => shortMetric(key).replace(/[^\w-]+/g, '-');
