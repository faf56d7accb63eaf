import type { EventOf, VERDICTS } from '../events/protocol';
import type { RunSummary } from '../events/runSummary';
import { headlineText, reportHeadline } from '../../protocol/headline';

export type Verdict = (typeof VERDICTS)[number];

/** One forgetting-check set (evaluation.also): scored before and after, like the test set. */
export interface AlsoReport {
  name: string;
  metric: string;
  n: number | null;
  baseline: number | null;
  finetuned: number | null;
  delta: number | null;
  delta_ci95: [number | null, number | null] | null;
  verdict: Verdict | null;
}

/** What `finetune-embeddings report RUN --json` prints: the test set's two scorings and the gain. */
export interface TestReport {
  metric: string;
  split: 'test';
  n: number | null;
  corpus_size: number | null;
  baseline: number | null;
  finetuned: number | null;
  delta: number | null;
  delta_ci95: [number | null, number | null] | null;
  verdict: Verdict | null;
  also: AlsoReport[];
}

/** The report of a completed run, or null before it completed (and for a sweep's trials). */
export function testReport(s: RunSummary): TestReport | null {
  const done: EventOf<'completed'> | null = s.completed;
  if (!done || done.split === 'validation') return null; // a sweep trial: the sweep holds the test report
  const metric = done.primary_metric;
  const baseline = done.baseline_metrics[metric] ?? null;
  const finetuned = done.primary_value;
  return {
    metric, split: 'test', n: done.n ?? null, corpus_size: done.corpus_size ?? null, baseline, finetuned,
    delta: done.deltas[metric] ?? (baseline !== null && finetuned !== null ? finetuned - baseline : null),
    delta_ci95: done.delta_ci95 ?? null, verdict: done.verdict ?? null, also: done.also ?? [],
  };
}

export const shortMetric = (key: string): string => key.replace(/^eval_[^_]+(?:_\d+)?_/, '');
const signed = (v: number | null, digits = 4): string => (v === null ? '—' : `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`);

/** "+0.0460 (95% CI +0.0210 to +0.0700): better", or the change alone where no interval exists. */
export function gainText(r: Pick<TestReport, 'delta' | 'delta_ci95' | 'verdict'>): string {
  const ci = r.delta_ci95 ? ` (95% CI ${signed(r.delta_ci95[0])} to ${signed(r.delta_ci95[1])})` : '';
  return `${signed(r.delta)}${ci}${r.verdict ? `: ${r.verdict}` : ''}`;
}

/** Where the numbers come from: "test split, 135 queries, against 575 documents". */
export function splitText(r: Pick<TestReport, 'n' | 'corpus_size'>): string {
  const n = r.n === null ? '' : `, ${r.n.toLocaleString('en-US')} ${r.corpus_size !== null ? 'queries' : 'items'}`;
  const corpus = r.corpus_size === null ? '' : `, against ${r.corpus_size.toLocaleString('en-US')} documents`;
  return `test split${n}${corpus}`;
}

/** The whole report on one line, for the notification, the tooltip and event descriptions: the
 * dashboard's headline sentence, so every surface says the same thing. */
export function reportLine(r: TestReport): string {
  return headlineText(reportHeadline(r));
}
