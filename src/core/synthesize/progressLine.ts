/** One progress line of synthesize.py ("generating queries: 50/100 (25.0/s, ETA 2 s)"), for a progress bar. */
export interface SynthProgress {
  stage: string;
  done: number;
  total: number;
  /** Items per second; undefined on a stage's first line. */
  rate?: number;
  /** Seconds left; undefined when unknown. */
  etaSeconds?: number;
}

const LINE = /^(?:\[fte\] )?([^:]+): (\d+)\/(\d+)(?: \(([\d.]+)\/s, ETA (\d+|\?)(?: s)?\))?$/;

export function parseSynthProgress(line: string): SynthProgress | undefined {
  const m = LINE.exec(line.trim());
  if (!m) return undefined;
  const total = Number(m[3]);
  return {
    stage: m[1]!, done: Number(m[2]), total,
    ...(m[4] !== undefined ? { rate: Number(m[4]) } : {}),
    ...(m[5] !== undefined && m[5] !== '?' ? { etaSeconds: Number(m[5]) } : {}),
  };
}

/** "generating queries 50/100 · 25.0/s · about 2 s left" */
export function progressText(p: SynthProgress): string {
  const parts = [`${p.stage} ${p.done}/${p.total}`];
  if (p.rate !== undefined) parts.push(`${p.rate.toFixed(1)}/s`);
  if (p.etaSeconds !== undefined) parts.push(p.etaSeconds >= 90 ? `about ${Math.round(p.etaSeconds / 60)} min left` : `about ${p.etaSeconds} s left`);
  return parts.join(' · ');
}
