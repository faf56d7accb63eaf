/**
 * The bake-off's table and verdict: candidates best first; the ones whose 95% intervals overlap
 * the leader's are indistinguishable on this test set, and then the recommendation is the
 * smallest of them (fewest parameters, then the fastest), not the nominal winner. Pure.
 */
import type { BakeoffOutput, Candidate, CandidateRow, FailedRow, ScoredRow } from './bakeoffResult';
import { isFailed } from './bakeoffResult';

export interface RankedBakeoff {
  metric: string;
  split: 'test';
  n: number;
  corpus_size: number | null;
  greater_is_better: boolean;
  /** Scored candidates best first, then the ones that failed. */
  candidates: CandidateRow[];
  /** The candidates tied with the leader (itself included): their intervals overlap the leader's. */
  indistinguishable: Candidate[];
  /** The model to use with its prompts, and why in one sentence. */
  recommended: Candidate | null;
  reason: string;
}

const overlaps = (a: ScoredRow, b: ScoredRow): boolean =>
  a.ci95 !== null && b.ci95 !== null ? a.ci95[0] <= b.ci95[1] && b.ci95[0] <= a.ci95[1] : a.score === b.score;

/** Best first by score (nulls last); equal scores: fewer parameters first. */
export function sortRows(rows: readonly ScoredRow[], greaterIsBetter: boolean): ScoredRow[] {
  const sign = greaterIsBetter ? -1 : 1;
  return [...rows].sort((a, b) => {
    if (a.score === null || b.score === null) return a.score === null ? (b.score === null ? 0 : 1) : -1;
    return sign * (a.score - b.score) || a.params - b.params;
  });
}

/** Fewest parameters; among equal sizes the fastest. */
function smallest(rows: readonly ScoredRow[]): ScoredRow {
  return [...rows].sort((a, b) => a.params - b.params || (b.texts_per_s ?? 0) - (a.texts_per_s ?? 0))[0]!;
}

const asCandidate = (r: ScoredRow): Candidate => (Object.keys(r.prompts).length ? { model: r.model, prompts: r.prompts } : { model: r.model });
const label = (r: ScoredRow): string => (Object.keys(r.prompts).length ? `${r.model} (with its prompts)` : r.model);

export function rankBakeoff(out: BakeoffOutput): RankedBakeoff {
  const scored = out.candidates.filter((r): r is ScoredRow => !isFailed(r));
  const failed = out.candidates.filter((r): r is FailedRow => isFailed(r));
  const ranked = sortRows(scored, out.greater_is_better);
  const base = { metric: out.metric, split: out.split, n: out.n, corpus_size: out.corpus_size, greater_is_better: out.greater_is_better, candidates: [...ranked, ...failed] };
  const leader = ranked[0];
  if (!leader || leader.score === null) {
    return { ...base, indistinguishable: [], recommended: null, reason: 'No candidate could be scored; see each one\'s error.' };
  }
  const tied = ranked.filter((r) => r.score !== null && overlaps(r, leader));
  if (tied.length === 1) {
    const clear = ranked.length > 1 ? 'its 95% interval is clear of every other candidate\'s' : 'it is the only candidate scored';
    return { ...base, indistinguishable: [asCandidate(leader)], recommended: asCandidate(leader), reason: `${label(leader)} scores best and ${clear}.` };
  }
  const pick = smallest(tied);
  const names = tied.map(label).join(', ');
  const why = pick === leader ? 'it is also the smallest of them' : `the smallest of them (${formatParams(pick.params)} parameters against ${formatParams(leader.params)}); the nominal winner ${label(leader)} is not distinguishably better`;
  return { ...base, indistinguishable: tied.map(asCandidate), recommended: asCandidate(pick), reason: `Indistinguishable on this test set (their 95% intervals overlap): ${names}. Use ${label(pick)}: ${why}.` };
}

export function formatParams(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${Math.round(n / 1e6)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}K`;
  return String(n);
}
