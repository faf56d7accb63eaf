/** Pure helpers of the sweep view: best-so-far, sorting, and parameter axes. No DOM. */
import type { SweepSpaceParam, SweepTrial } from '../../src/protocol/sweepModels';

export type Direction = 'maximize' | 'minimize';
export type SortKey = 'trial' | 'state' | 'value' | `param:${string}`;
export interface Sort { key: SortKey; ascending: boolean }

const better = (a: number, b: number, d: Direction): boolean => (d === 'maximize' ? a > b : a < b);

/** Only complete trials with a finite objective count towards the best. */
export const counts = (t: SweepTrial): t is SweepTrial & { value: number } => t.state === 'complete' && t.value !== null && Number.isFinite(t.value);

/**
 * The best objective so far, by trial number: one point per trial from the first complete one
 * on (a step line), respecting the direction.
 */
export function bestSoFar(trials: readonly SweepTrial[], direction: Direction): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let best: number | null = null;
  for (const t of [...trials].sort((a, b) => a.trial - b.trial)) {
    if (counts(t) && (best === null || better(t.value, best, direction))) best = t.value;
    if (best !== null) out.push([t.trial, best]);
  }
  return out;
}

/** The y a trial is drawn at on the objective chart: its value, or (pruned) its last intermediate value. */
export function plottedValue(t: SweepTrial): number | null {
  if (t.value !== null) return t.value;
  if (t.state !== 'pruned') return null;
  for (let i = t.reports.y.length - 1; i >= 0; i--) if (t.reports.y[i] !== null) return t.reports.y[i]!;
  return null;
}

const STATE_ORDER: Record<SweepTrial['state'], number> = { complete: 0, running: 1, pruned: 2, collapsed: 3, failed: 4 };

function keyOf(t: SweepTrial, key: SortKey): string | number | null {
  if (key === 'trial') return t.trial;
  if (key === 'state') return STATE_ORDER[t.state];
  if (key === 'value') return t.value;
  const v = t.params[key.slice(6)];
  return v === undefined || v === null ? null : typeof v === 'boolean' ? Number(v) : v;
}

/** Sorted copy; missing values always last, ties by trial number. */
export function sortTrials(trials: readonly SweepTrial[], sort: Sort): SweepTrial[] {
  const sign = sort.ascending ? 1 : -1;
  return [...trials].sort((a, b) => {
    const x = keyOf(a, sort.key);
    const y = keyOf(b, sort.key);
    if (x === null || y === null) return x === y ? a.trial - b.trial : x === null ? 1 : -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
    return c !== 0 ? sign * c : a.trial - b.trial;
  });
}

/** How one parameter maps to an x axis: numbers as they are (log when the space says so), categories by index. */
export interface ParamAxis {
  name: string;
  log: boolean;
  /** Category labels (x = index) or null for a numeric axis. */
  categories: string[] | null;
  x(v: SweepTrial['params'][string] | undefined): number | null;
}

export function paramAxis(name: string, space: readonly SweepSpaceParam[], trials: readonly SweepTrial[]): ParamAxis {
  const spec = space.find((p) => p.name === name);
  const seen = trials.map((t) => t.params[name]).filter((v) => v !== undefined && v !== null);
  const numeric = spec ? spec.type !== 'categorical' : seen.every((v) => typeof v === 'number');
  if (numeric) {
    const log = spec?.log ?? false;
    return { name, log, categories: null, x: (v) => (typeof v === 'number' && Number.isFinite(v) && (!log || v > 0) ? v : null) };
  }
  const labels = [...(spec?.choices ?? []).map(String)];
  for (const v of seen) if (!labels.includes(String(v))) labels.push(String(v));
  return { name, log: false, categories: labels, x: (v) => (v === undefined || v === null ? null : labels.indexOf(String(v))) };
}

export function fmtParam(v: SweepTrial['params'][string] | undefined): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5 ? v.toExponential(2) : String(Number(v.toPrecision(4)));
  return String(v);
}

/** The best parameters as YAML-ish lines, ready to paste under a config's keys. */
export function paramsText(params: SweepTrial['params']): string {
  return Object.entries(params).map(([k, v]) => `${k}: ${typeof v === 'string' ? JSON.stringify(v) : String(v)}`).join('\n');
}
