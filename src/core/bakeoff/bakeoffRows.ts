/**
 * A bake-off as rows a person picks from (the editor's pick list, the run explorer): each
 * candidate's score with its interval and cost numbers, the recommended one marked, fine-tuned
 * runs on the same test set alongside. Pure: the extension maps rows to its own UI.
 */
import { shortMetric } from '../runs/testReport';
import type { Candidate } from './bakeoffResult';
import { isFailed } from './bakeoffResult';
import type { BakeoffRecord } from './bakeoffStore';
import type { FineTunedRow } from './comparableRuns';
import { formatParams } from './rankBakeoff';

export interface BakeoffRow {
  label: string;
  description: string;
  detail: string;
  /** The candidate "Use this model" writes; null for failed candidates and fine-tuned runs. */
  candidate: Candidate | null;
  recommended: boolean;
  kind: 'candidate' | 'failed' | 'finetuned';
}

const sameCandidate = (a: Candidate | null, b: Candidate): boolean =>
  a !== null && a.model === b.model && JSON.stringify(a.prompts ?? {}) === JSON.stringify(b.prompts ?? {});

const mib = (n: number | null): string => (n === null ? '—' : `${(n / 2 ** 20).toFixed(1)} MiB index`);

export function bakeoffTitle(record: BakeoffRecord): string {
  const r = record.result;
  return `${shortMetric(r.metric)} on ${r.n} test items${r.corpus_size !== null ? ` against ${r.corpus_size} documents` : ''}`;
}

export function bakeoffRows(record: BakeoffRecord, tuned: readonly FineTunedRow[] = []): BakeoffRow[] {
  const r = record.result;
  const rows: BakeoffRow[] = r.candidates.map((c) => {
    const prompts = c.prompts && Object.keys(c.prompts).length ? c.prompts : undefined;
    const candidate: Candidate = prompts ? { model: c.model, prompts } : { model: c.model };
    const withPrompts = prompts ? ` · prompts ${Object.entries(prompts).map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(', ')}` : '';
    if (isFailed(c)) return { label: c.model, description: 'failed', detail: `${c.error}${c.hint ? ` ${c.hint}` : ''}`, candidate: null, recommended: false, kind: 'failed' };
    const recommended = r.recommended !== null && sameCandidate(r.recommended, candidate);
    const ci = c.ci95 ? ` (95% ${c.ci95[0].toFixed(3)}–${c.ci95[1].toFixed(3)})` : '';
    const speed = c.texts_per_s === null ? '' : ` · ${c.texts_per_s.toFixed(0)} texts/s on ${c.device}`;
    return {
      label: `${recommended ? '★ ' : ''}${c.model}`, description: `${c.score === null ? '—' : c.score.toFixed(4)}${ci}`,
      detail: `${c.dims ?? '—'} dims · ${formatParams(c.params)} params${speed} · ${mib(c.index_bytes)}${withPrompts}`,
      candidate, recommended, kind: 'candidate',
    };
  });
  for (const t of tuned) {
    rows.push({ label: `fine-tuned: ${t.runId}`, description: t.score === null ? '—' : t.score.toFixed(4), detail: `from ${t.model}; the same test set, after training`, candidate: null, recommended: false, kind: 'finetuned' });
  }
  return rows;
}
