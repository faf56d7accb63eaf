import type { SweepStatus } from '../../src/protocol/sweepModels';
import { append, clear, h, headerField as field, setText } from '../dom';
import { fmtMetric, formatDuration, formatUsd, humanize, shortMetric } from '../format';
import { paramsText } from './sweepMath';
import { isActiveState } from '../../src/protocol/models';

/** State, trials done/total, best, elapsed, cost so far (all workers), metric and direction. */
export class SweepHeader {
  readonly element = h('header', { id: 'sweep-header' },
    h('h2', { id: 'sweep-title', 'data-testid': 'sweep-title' }),
    h('div', { class: 'fields' },
      field('sweep-state', 'State'), field('sweep-trials-done', 'Trials done'), field('sweep-best', 'Best'),
      field('sweep-elapsed', 'Elapsed'), field('sweep-cost', 'Cost so far'), field('sweep-metric', 'Objective')),
    h('p', { id: 'sweep-message', class: 'message', hidden: true }));

  render(s: SweepStatus, now = Date.now()): void {
    const el = this.element;
    setText(el, '#sweep-title', `Sweep ${s.name} · ${s.sweepId}`);
    const state = el.querySelector('#sweep-state')!;
    state.textContent = humanize(s.state);
    state.setAttribute('data-state', s.state);
    setText(el, '#sweep-trials-done', `${s.trialsDone} / ${s.trialsTotal ?? '?'}${s.parallel ? ` (${s.parallel} in parallel)` : ''}`);
    setText(el, '#sweep-best', s.best && s.best.value !== null ? `${fmtMetric(s.best.value)} (trial ${s.best.trial})` : 'no result yet');
    const active = isActiveState(s.state);
    const end = s.endedAt ? Date.parse(s.endedAt) : active ? now : Date.parse(s.computedAt);
    setText(el, '#sweep-elapsed', formatDuration(Math.max(0, end - Date.parse(s.createdAt))));
    const since = active ? Math.max(0, now - Date.parse(s.computedAt)) : 0;
    const cost = s.costSoFar + s.pricePerHour * (since / 3_600_000);
    setText(el, '#sweep-cost', s.backend === 'local' ? '—' : `${formatUsd(cost)} at ${formatUsd(s.pricePerHour)}/h (all workers)`);
    setText(el, '#sweep-metric', `${shortMetric(s.metric)} (${s.direction})`);
    const msg = el.querySelector('#sweep-message') as HTMLElement;
    msg.hidden = !s.message;
    msg.textContent = s.message ?? '';
  }
}

/** Parameter importances as a bar list (from sweep_completed), largest first. */
export function renderImportances(root: HTMLElement, s: SweepStatus): void {
  clear(root);
  root.append(h('h3', {}, 'Parameter importances'));
  const entries = Object.entries(s.importances ?? {}).sort((a, b) => b[1] - a[1]);
  if (!entries.length) {
    root.append(h('p', { class: 'muted', id: 'sweep-importances-pending' }, s.finished ? 'Not computed for this sweep (too few complete trials).' : 'Available when the sweep completes.'));
    return;
  }
  root.append(h('ol', { id: 'sweep-importances-list', class: 'bars', 'data-testid': 'sweep-importances-list' }, ...entries.map(([name, v]) => h('li', { 'data-param': name },
    h('span', { class: 'bar-label' }, name),
    h('meter', { min: 0, max: 1, value: v, 'aria-label': `${name} importance` }),
    h('span', { class: 'bar-value', 'data-value': v }, `${(v * 100).toFixed(1)}%`)))));
}

/** The best trial's parameters with a Copy button (YAML lines), and where the study and model are. */
export function renderBest(root: HTMLElement, s: SweepStatus, copy: (text: string) => void): void {
  clear(root);
  root.append(h('h3', {}, 'Best parameters'));
  if (!s.best) {
    root.append(h('p', { class: 'muted' }, 'No complete trial yet.'));
    return;
  }
  const text = paramsText(s.best.params);
  const button = h('vscode-button', { id: 'sweep-copy-best', 'data-testid': 'sweep-copy-best', icon: 'copy', secondary: true }, 'Copy');
  button.addEventListener('click', () => copy(text));
  append(root, h('p', {}, `Trial ${s.best.trial} · ${shortMetric(s.metric)} ${fmtMetric(s.best.value)}`),
    h('pre', { id: 'sweep-best-params', 'data-testid': 'sweep-best-params' }, text), button,
    s.bestModelPath ? h('p', { class: 'muted' }, 'Best model: ', h('code', {}, s.bestModelPath)) : null,
    s.studyPath ? h('p', { class: 'muted' }, 'Study (open with optuna-dashboard): ', h('code', {}, s.studyPath)) : null);
}
