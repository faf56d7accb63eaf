import type { HostMessageOf } from '../../src/protocol/messages';
import type { ReviewRow } from '../../src/protocol/reviewModels';
import { append, clear, h } from '../dom';
import type { Host } from '../vscodeApi';

const VERDICTS: Record<string, string> = {
  kept: 'kept', round_trip: 'dropped: its chunk ranked too low', duplicate: 'dropped: duplicate', near_duplicate: 'dropped: near duplicate',
};

const verdictText = (r: ReviewRow): string => `${VERDICTS[r.verdict] ?? r.verdict}${r.rank !== null ? ` (rank ${r.rank})` : ''}`;

/**
 * Review before training: sampled queries beside their chunks with the filter's verdict. Kept
 * queries can be ticked and dropped (the host rewrites the training file); dropped ones show why.
 */
export class ReviewView {
  readonly element = h('div', { id: 'review', class: 'review' });

  constructor(private readonly host: Host) {}

  snapshot(m: HostMessageOf<'review.snapshot'>): void {
    clear(this.element);
    const s = m.sample;
    const rate = s.keptTotal + s.droppedTotal ? Math.round((100 * s.keptTotal) / (s.keptTotal + s.droppedTotal)) : null;
    const drop = h('vscode-button', { id: 'review-drop', 'data-testid': 'review-drop', icon: 'trash', disabled: true }, 'Drop selected from the training file');
    const boxes: HTMLInputElement[] = [];
    const table = (rows: ReviewRow[], id: string, pickable: boolean) => h('table', { id, 'data-testid': id, class: 'review-table' },
      h('thead', {}, h('tr', {}, pickable ? h('th', { scope: 'col' }, 'Drop') : null, h('th', { scope: 'col' }, 'Query'), h('th', { scope: 'col' }, 'Chunk'), h('th', { scope: 'col' }, 'Filter'))),
      h('tbody', {}, ...rows.map((r) => {
        let box: HTMLInputElement | null = null;
        if (pickable) {
          box = h('input', { type: 'checkbox', 'aria-label': `Drop "${r.query.slice(0, 60)}"`, 'data-line': r.line });
          box.addEventListener('change', () => drop.toggleAttribute('disabled', !boxes.some((b) => b.checked)));
          boxes.push(box);
        }
        return h('tr', { 'data-line': r.line, 'data-verdict': r.verdict },
          pickable ? h('td', {}, box) : null,
          h('td', { class: 'review-query' }, r.query),
          h('td', { class: 'review-chunk' }, h('div', { class: 'muted' }, r.source), r.chunk),
          h('td', { class: 'review-verdict' }, verdictText(r)));
      })));
    const kept = m.sample.kept;
    drop.addEventListener('click', () => {
      if (drop.hasAttribute('disabled')) return;
      const picks = boxes.flatMap((b, i) => (b.checked ? [{ line: kept[i]!.line, query: kept[i]!.query }] : []));
      if (picks.length) this.host.post({ type: 'review.drop', picks });
    });
    append(this.element,
      h('h1', {}, 'Review synthesized training pairs'),
      h('p', { id: 'review-summary', 'data-testid': 'review-summary' },
        `${s.keptTotal} queries kept for training, ${s.droppedTotal} dropped by deduplication and the round-trip filter`,
        rate !== null ? ` (keep rate ${rate}%)` : '', `. File: ${s.out}`),
      m.recommendEval ? h('p', { id: 'review-eval', class: 'hint' }, 'The test set is synthetic questions on held-out documents. If you have real questions (even 50), put them in dataset.eval of ',
        h('code', {}, m.config), ': they become the test set and every synthesized pair trains.') : null,
      m.message ? h('p', { id: 'review-message', 'data-testid': 'review-message', role: 'status' }, m.message) : null,
      h('h2', {}, `Kept (a sample of ${kept.length}): tick the bad ones`),
      kept.length ? table(kept, 'review-kept', true) : h('p', { class: 'muted' }, 'No kept queries.'),
      h('div', { class: 'actions' }, drop),
      h('h2', {}, `Dropped by the filter (a sample of ${s.dropped.length})`),
      s.dropped.length ? table(s.dropped, 'review-dropped', false) : h('p', { class: 'muted' }, 'None dropped.'),
    );
  }

  retheme(): void {}

  dispose(): void {}
}
