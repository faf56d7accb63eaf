import type { BakeoffRecord } from '../core/bakeoff/bakeoffStore';
import type { FineTunedRow } from '../core/bakeoff/comparableRuns';
import { isFailed } from '../core/bakeoff/bakeoffResult';
import { formatParams } from '../core/bakeoff/rankBakeoff';
import { shortMetric } from '../core/runs/testReport';

/** `bakeoff --json`: the documented keys first ({metric, split, n, corpus_size, candidates: [{model,
 * score, ci95, dims, params, texts_per_s, backend}]}), best first, then the verdict and the record id. */
export function bakeoffJson(record: BakeoffRecord, tuned: readonly FineTunedRow[] = []): Record<string, unknown> {
  const r = record.result;
  return {
    metric: r.metric, split: r.split, n: r.n, corpus_size: r.corpus_size,
    candidates: r.candidates.map((c) => (isFailed(c)
      ? { model: c.model, score: null, ci95: null, dims: null, params: null, texts_per_s: null, backend: c.backend, prompts: c.prompts ?? {}, error: c.error, hint: c.hint ?? null }
      : { model: c.model, score: c.score, ci95: c.ci95, dims: c.dims, params: c.params, texts_per_s: c.texts_per_s, backend: c.backend, prompts: c.prompts, device: c.device, index_bytes: c.index_bytes })),
    indistinguishable: r.indistinguishable, recommended: r.recommended, reason: r.reason, id: record.id,
    finetuned_runs: tuned,
  };
}

const bytes = (n: number | null): string => (n === null ? '—' : n >= 2 ** 20 ? `${(n / 2 ** 20).toFixed(1)} MiB` : `${Math.ceil(n / 1024)} KiB`);
const pad = (s: string, n: number): string => s.padEnd(n);

/** The table a person reads: one line per candidate, then the verdict in words. */
export function bakeoffText(record: BakeoffRecord, tuned: readonly FineTunedRow[] = []): string[] {
  const r = record.result;
  const width = Math.max(5, ...r.candidates.map((c) => c.model.length + (Object.keys(c.prompts ?? {}).length ? 2 : 0)));
  const lines = [`${shortMetric(r.metric)} on the test split (${r.n} items${r.corpus_size !== null ? `, corpus of ${r.corpus_size}` : ''}), zero-shot, best first:`,
    `  ${pad('model', width)}  score   95% interval     dims  params  texts/s  index`];
  for (const c of r.candidates) {
    const name = pad(`${c.model}${Object.keys(c.prompts ?? {}).length ? ' *' : ''}`, width);
    if (isFailed(c)) {
      lines.push(`  ${name}  failed: ${c.error}${c.hint ? ` ${c.hint}` : ''}`);
      continue;
    }
    const ci = c.ci95 ? `${c.ci95[0].toFixed(3)}–${c.ci95[1].toFixed(3)}` : '—';
    lines.push(`  ${name}  ${c.score === null ? '—     ' : c.score.toFixed(4)}  ${pad(ci, 15)}  ${String(c.dims ?? '—').padStart(4)}  ${formatParams(c.params).padStart(6)}  ${(c.texts_per_s === null ? '—' : c.texts_per_s.toFixed(0)).padStart(7)}  ${bytes(c.index_bytes)}`);
  }
  if (r.candidates.some((c) => Object.keys(c.prompts ?? {}).length)) lines.push('  * scored with its prompts (see --json)');
  if (tuned.length) lines.push('Fine-tuned runs on the same test set:');
  for (const t of tuned) lines.push(`  ${t.runId} (from ${t.model})  ${t.score === null ? '—' : t.score.toFixed(4)}`);
  lines.push(r.reason, `Kept as .finetune/bakeoffs/${record.id}.json`);
  return lines;
}
