import type { TryHit, TryResult } from '../protocol/tryModels';

const clip = (s: string, n = 100) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const score = (v: number | null) => (v === null ? '   —  ' : v.toFixed(4));

/** "↑5 (base #6)", "↓2", "=" or "new (base #31)": where the other model ranked this text. */
export function movement(h: TryHit, other = 'base'): string {
  if (h.other_rank === null) return '';
  const d = h.other_rank - h.rank;
  return d === 0 ? '=' : `${d > 0 ? '↑' : '↓'}${Math.abs(d)} (${other} #${h.other_rank})`;
}

function list(title: string, hits: TryHit[], moved: boolean): string[] {
  return [title, ...hits.map((h) => {
    const marks = [h.relevant ? '✓' : ' ', h.match === undefined ? '' : h.match ? '[match]' : '[no match]'].filter(Boolean).join(' ');
    return `  ${String(h.rank).padStart(2)}. ${score(h.score)} ${marks} ${clip(h.text)}${moved ? `  ${movement(h)}` : ''}`;
  })];
}

/** The terminal view of a try result: both lists, what moved, the known positives, the pair. */
export function tryText(r: TryResult): string[] {
  const out = [`Query: ${JSON.stringify(r.query)}  (${r.task}; corpus of ${r.corpus_size}${r.corpus_total > r.corpus_size ? ` of ${r.corpus_total}` : ''} texts; ${r.query_ms.toFixed(0)} ms)`, ''];
  out.push(...list(`Base model (${r.models.base}):`, r.base.hits, false), '');
  out.push(...list(`Fine-tuned model (${r.models.finetuned}):`, r.finetuned.hits, true));
  for (const rel of r.relevant) out.push('', `✓ known match ${JSON.stringify(clip(rel.text, 80))}: base #${rel.base_rank ?? '—'} → fine-tuned #${rel.finetuned_rank ?? '—'}`);
  if (r.pair) {
    const side = (name: string, p: NonNullable<TryResult['pair']>['base']) => `${name} ${score(p.similarity)}${p.threshold === null ? '' : ` (threshold ${p.threshold.toFixed(4)}: ${p.match ? 'match' : 'no match'})`}`;
    out.push('', `Pair with ${JSON.stringify(clip(r.pair.text2, 80))}: ${side('base', r.pair.base)} · ${side('fine-tuned', r.pair.finetuned)}${r.pair.gold === null ? '' : ` · gold ${r.pair.gold}`}`);
  }
  return out;
}
