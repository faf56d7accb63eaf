import type { HostMessageOf } from '../../src/protocol/messages';
import type { TryHit, TryResult } from '../../src/protocol/tryModels';
import { h } from '../dom';
import { fmtMetric } from '../format';

const clip = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** A model path keeps its end (".../runs/<id>/local/output/model"), where runs differ. */
const clipStart = (s: string, n = 70) => (s.length > n ? `…${s.slice(s.length - n + 1)}` : s);

/** How a hit moved against the other model: up/down by n, same, new in the top k, or dropped from it. */
export function movement(hit: TryHit, k: number, tuned: boolean): { kind: 'up' | 'down' | 'same' | 'new' | 'dropped' | 'none'; label: string } {
  const other = hit.other_rank;
  if (other === null) return { kind: 'none', label: '' };
  if (other > k) return tuned ? { kind: 'new', label: `new (base #${other})` } : { kind: 'dropped', label: `dropped (fine-tuned #${other})` };
  if (!tuned) return { kind: 'none', label: '' };
  const d = other - hit.rank;
  return d === 0 ? { kind: 'same', label: '=' } : { kind: d > 0 ? 'up' : 'down', label: `${d > 0 ? '▲' : '▼'}${Math.abs(d)}` };
}

function hitRow(hit: TryHit, k: number, tuned: boolean): HTMLElement {
  const m = movement(hit, k, tuned);
  return h('li', { class: `hit ${m.kind}`, 'data-rank': hit.rank, 'data-other-rank': hit.other_rank ?? '', 'data-relevant': hit.relevant === true ? 'true' : null, title: hit.text },
    hitText(hit.text),
    h('span', { class: 'hit-badges' },
      hit.relevant ? h('span', { class: 'badge relevant', title: 'A known match of this held-out query' }, '✓ match') : null,
      hit.match === undefined ? null : h('span', { class: `badge ${hit.match ? 'yes' : 'no'}`, title: 'Similarity against this model\'s threshold' }, hit.match ? 'duplicate' : 'not duplicate'),
      m.label ? h('span', { class: `badge move ${m.kind}` }, m.label) : null),
    // Scores are on each model's own scale: models are compared by rank (the list order and the moves), the score is a footnote.
    h('span', { class: 'hit-score', title: 'Similarity on this model\'s own scale: compare models by rank, not by this number' }, fmtMetric(hit.score)));
}

/** The hit's text, cut at ~90 characters with a button that shows all of it (the full text is also its tooltip). */
export function hitText(text: string): HTMLElement {
  const short = clip(text);
  const span = h('span', { class: 'hit-text' }, short);
  if (short === text) return span;
  const more = h('button', { class: 'link hit-more', 'aria-expanded': 'false', title: 'Show the whole text' }, 'more');
  more.addEventListener('click', (e) => {
    e.stopPropagation();
    const open = more.getAttribute('aria-expanded') !== 'true';
    span.textContent = open ? text : short;
    more.textContent = open ? 'less' : 'more';
    more.setAttribute('aria-expanded', String(open));
  });
  return h('span', { class: 'hit-body' }, span, ' ', more);
}

export function hitColumn(id: string, title: string, subtitle: string, hits: TryHit[], k: number, tuned: boolean): HTMLElement {
  return h('section', { class: 'try-col', 'data-testid': id, id, 'aria-label': title },
    h('h4', {}, title), h('div', { class: 'muted try-model', title: subtitle }, clipStart(subtitle)),
    hits.length ? h('ol', { class: 'hits' }, ...hits.map((x) => hitRow(x, k, tuned))) : h('p', { class: 'muted' }, 'No results.'));
}

/** Both similarities of a pair and each model's threshold decision. */
function pairBox(r: TryResult): HTMLElement | null {
  const p = r.pair;
  if (!p) return null;
  const row = (name: string, s: NonNullable<TryResult['pair']>['base']) => h('tr', {},
    h('th', { scope: 'row' }, name), h('td', { 'data-col': 'similarity' }, fmtMetric(s.similarity)),
    h('td', {}, s.threshold === null ? '—' : fmtMetric(s.threshold)),
    h('td', { class: s.match === null ? '' : s.match ? 'better' : 'worse' }, s.match === null ? '—' : s.match ? 'duplicate' : 'not duplicate'));
  return h('div', { id: 'try-pair', 'data-testid': 'try-pair' },
    h('p', {}, 'Pair: ', h('q', { title: p.text1 }, clip(p.text1, 70)), ' ↔ ', h('q', { title: p.text2 }, clip(p.text2, 70)), p.gold === null ? '' : h('span', { class: 'muted' }, ` (gold: ${p.gold})`)),
    h('table', {}, h('thead', {}, h('tr', {}, ...['Model', 'Similarity', 'Threshold', 'Decision'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, row('Base', p.base), row('Fine-tuned', p.finetuned))));
}

function knownMatches(r: TryResult): HTMLElement | null {
  if (!r.relevant.length) return null;
  return h('ul', { class: 'try-known', 'data-testid': 'try-known' }, ...r.relevant.slice(0, 5).map((x) => h('li', {},
    '✓ Known match ', h('q', { title: x.text }, clip(x.text, 70)), `: base #${x.base_rank ?? '—'} → fine-tuned #${x.finetuned_rank ?? '—'}`)));
}

/** The answer: base and fine-tuned side by side (one fine-tuned column per run in the compare view). */
export function tryResults(m: HostMessageOf<'try.result'>): HTMLElement {
  const first = m.runs.find((r) => r.result)?.result ?? null;
  const out = h('div', { id: 'try-answer', 'data-testid': 'try-answer', 'data-query': m.query });
  if (!first) {
    out.append(...m.runs.map((r) => h('p', { class: 'issue error', role: 'alert' }, m.runs.length > 1 ? `${r.name}: ` : '', r.error ?? 'No answer.')));
    return out;
  }
  const single = m.runs.length === 1;
  const cols = [hitColumn('try-base', 'Base model', first.models.base, first.base.hits, first.k, false)];
  for (const r of m.runs) {
    if (r.result) cols.push(hitColumn(single ? 'try-finetuned' : `try-finetuned-${r.runId}`, single ? 'Fine-tuned model' : r.name, r.result.models.finetuned, r.result.finetuned.hits, r.result.k, true));
    else cols.push(h('section', { class: 'try-col', 'data-testid': `try-error-${r.runId}` }, h('h4', {}, r.name), h('p', { class: 'issue error' }, r.error ?? 'No answer.')));
  }
  out.append(...[pairBox(first), knownMatches(first)].filter((x): x is HTMLElement => x !== null), h('div', { class: 'try-cols' }, ...cols));
  return out;
}
