import type { SweepTrial } from '../../src/protocol/sweepModels';
import { append, clear, h } from '../dom';
import { fmtMetric, formatDuration, shortMetric } from '../format';
import { fmtParam, sortTrials } from './sweepMath';
import type { Sort, SortKey } from './sweepMath';

/** Codicon + words per state: states never rely on colour alone. */
export const STATE_ICONS: Record<SweepTrial['state'], string> = {
  running: 'sync', complete: 'pass', pruned: 'debug-step-over', failed: 'error', collapsed: 'warning',
};

export function stateBadge(state: SweepTrial['state']): HTMLElement {
  return h('span', { class: `trial-state state-${state}`, 'data-state': state },
    h('vscode-icon', { name: STATE_ICONS[state], 'aria-hidden': 'true' }), ` ${state}`);
}

/**
 * The trials table: sortable by trial, state, objective and each parameter through header
 * buttons (keyboard: Tab + Enter/Space; aria-sort says the order); a row click or Enter opens
 * the trial.
 */
export class TrialsTable {
  private sort: Sort = { key: 'trial', ascending: true };
  private trials: readonly SweepTrial[] = [];
  private params: string[] = [];
  private metric = '';
  private bestTrial: number | null = null;
  private selected: number | null = null;
  readonly element = h('section', { id: 'sweep-trials', 'aria-label': 'Trials' });

  constructor(private readonly onOpen: (trial: SweepTrial) => void) {}

  render(trials: readonly SweepTrial[], params: string[], metric: string, bestTrial: number | null): void {
    Object.assign(this, { trials, params, metric, bestTrial });
    this.draw();
  }

  sortBy(key: SortKey): void {
    this.sort = this.sort.key === key ? { key, ascending: !this.sort.ascending } : { key, ascending: key !== 'value' };
    this.draw();
    Array.from(this.element.querySelectorAll<HTMLButtonElement>('button[data-sort]')).find((b) => b.dataset['sort'] === key)?.focus();
  }

  select(trial: number | null): void {
    this.selected = trial;
    for (const tr of Array.from(this.element.querySelectorAll<HTMLElement>('tr[data-trial]'))) {
      tr.setAttribute('aria-selected', String(Number(tr.dataset['trial']) === trial));
    }
  }

  private draw(): void {
    const columns: Array<[SortKey, string]> = [['trial', 'Trial'], ['state', 'State'], ['value', shortMetric(this.metric) || 'Objective'],
      ...this.params.map((p): [SortKey, string] => [`param:${p}`, p])];
    const head = h('tr', {}, ...columns.map(([key, label]) => {
      const active = this.sort.key === key;
      const b = h('button', { type: 'button', class: 'sort', 'data-sort': key, title: `Sort by ${label}` }, label,
        active ? h('vscode-icon', { name: this.sort.ascending ? 'arrow-up' : 'arrow-down', 'aria-hidden': 'true' }) : null);
      b.addEventListener('click', () => this.sortBy(key));
      return h('th', { scope: 'col', 'aria-sort': active ? (this.sort.ascending ? 'ascending' : 'descending') : 'none' }, b);
    }), h('th', { scope: 'col' }, 'Duration'));
    const rows = sortTrials(this.trials, this.sort).map((t) => {
      const tr = h('tr', { 'data-trial': t.trial, 'data-state': t.state, tabindex: 0, class: `trial-row state-${t.state}${t.trial === this.bestTrial ? ' best' : ''}`,
        'aria-selected': String(t.trial === this.selected), title: t.reason ?? (t.runId ? 'Open this trial\'s run dashboard' : 'Show this trial') },
      h('th', { scope: 'row', 'data-col': 'trial' }, String(t.trial), t.trial === this.bestTrial ? h('span', { class: 'best-mark' }, ' ★ best') : null),
      h('td', { 'data-col': 'state' }, stateBadge(t.state)),
      h('td', { 'data-col': 'value' }, fmtMetric(t.value)),
      ...this.params.map((p) => h('td', { 'data-col': `param:${p}` }, fmtParam(t.params[p]))),
      h('td', { 'data-col': 'duration' }, t.durationS === null ? '—' : formatDuration(t.durationS * 1000)));
      tr.addEventListener('click', () => this.onOpen(t));
      tr.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          this.onOpen(t);
        }
      });
      return tr;
    });
    clear(this.element);
    append(this.element, h('h2', {}, 'Trials'),
      h('div', { class: 'table-scroll tall' }, h('table', { id: 'sweep-trials-table', 'data-testid': 'sweep-trials-table' }, h('thead', {}, head), h('tbody', {}, ...rows))),
      this.trials.length ? null : h('p', { class: 'muted' }, 'No trials yet.'));
  }
}
