/**
 * The run's headline in words: the primary metric base → fine-tuned, the change with its
 * bootstrap interval and verdict, and where it was measured. Pure text building (no `vscode`,
 * no DOM), so the dashboard, the run explorer's tooltip and the completion notification can all
 * say the same sentence.
 */

import type { RunStatus } from './models';

export type HeadlineVerdict = 'better' | 'no clear change' | 'worse';

/** What a headline is made of: a completed run's test report, or a running run's validation numbers. */
export interface HeadlineInput {
  /** Full or short metric key ("eval_dev_cosine_ndcg@10" or "cosine_ndcg@10"). */
  metric: string;
  baseline: number | null;
  finetuned: number | null;
  /** The change; computed from baseline and finetuned when null. */
  delta?: number | null;
  ci95?: readonly [number | null, number | null] | null;
  verdict?: HeadlineVerdict | null;
  split: 'test' | 'validation';
  /** Queries (IR, with a corpus) or items scored. */
  n?: number | null;
  /** The documents searched (retrieval only). */
  corpusSize?: number | null;
}

export interface Headline {
  /** "ndcg@10 0.107 → 0.716" */
  title: string;
  /** "+0.609 (95% CI +0.571 to +0.645), better" */
  change: string;
  /** "test split, 135 queries, against 575 documents" */
  where: string;
  verdict: HeadlineVerdict | null;
}

/** The metric without its evaluator prefix and similarity function: "eval_dev_cosine_ndcg@10" → "ndcg@10". */
export function headlineMetric(key: string): string {
  const short = key.replace(/^eval_[^_]+(?:_\d+)?_/, '');
  return short.replace(/^(cosine|dot|euclidean|manhattan)_/, '') || short;
}

const three = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(3));
const signed = (v: number | null | undefined): string => (v === null || v === undefined || !Number.isFinite(v) ? '—' : `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(3)}`);
const count = (v: number): string => v.toLocaleString('en-US');

export function headlineParts(i: HeadlineInput): Headline {
  const delta = i.delta ?? (i.baseline !== null && i.finetuned !== null ? i.finetuned - i.baseline : null);
  const title = `${headlineMetric(i.metric)} ${three(i.baseline)} → ${three(i.finetuned)}`;
  const ci = i.ci95 && i.ci95[0] !== null && i.ci95[1] !== null ? ` (95% CI ${signed(i.ci95[0])} to ${signed(i.ci95[1])})` : '';
  const change = `${signed(delta)}${ci}${i.verdict ? `, ${i.verdict}` : ''}`;
  const n = i.n !== null && i.n !== undefined ? `, ${count(i.n)} ${i.corpusSize !== null && i.corpusSize !== undefined ? 'queries' : 'items'}` : '';
  const corpus = i.corpusSize !== null && i.corpusSize !== undefined ? `, against ${count(i.corpusSize)} documents` : '';
  return { title, change, where: `${i.split} split${n}${corpus}`, verdict: i.verdict ?? null };
}

/** The whole headline on one line: "ndcg@10 0.107 → 0.716 · +0.609 (95% CI …), better · test split, 135 queries, against 575 documents". */
export function headlineText(i: HeadlineInput): string {
  const p = headlineParts(i);
  return `${p.title} · ${p.change} · ${p.where}`;
}

/** The dashboard's headline input: the test report once completed, else the best validation score so far. */
export function statusHeadline(s: RunStatus): HeadlineInput | null {
  const r = s.report;
  if (r && r.baseline !== null && r.finetuned !== null) {
    return { metric: r.metric, baseline: r.baseline, finetuned: r.finetuned, delta: r.delta, ci95: r.ci95, verdict: r.verdict, split: 'test', n: r.n, corpusSize: r.corpusSize };
  }
  const metric = s.primaryMetric;
  const base = metric ? (s.baseline?.[metric] ?? null) : null;
  if (!metric || base === null || s.split !== 'validation') return null;
  const now = s.best?.value ?? s.latest?.[metric] ?? null;
  if (now === null) return null;
  return { metric, baseline: base, finetuned: now, split: 'validation', n: s.dataset?.validationRows ?? null, corpusSize: s.dataset?.corpusSize ?? null };
}

/** The same headline from a core TestReport (`finetune-embeddings report --json` shape), for the run explorer's tooltip and the completion notification. */
export function reportHeadline(r: {
  metric: string; n: number | null; corpus_size: number | null; baseline: number | null; finetuned: number | null;
  delta: number | null; delta_ci95: readonly [number | null, number | null] | null; verdict: HeadlineVerdict | null;
}): HeadlineInput {
  return { metric: r.metric, baseline: r.baseline, finetuned: r.finetuned, delta: r.delta, ci95: r.delta_ci95, verdict: r.verdict, split: 'test', n: r.n, corpusSize: r.corpus_size };
}
