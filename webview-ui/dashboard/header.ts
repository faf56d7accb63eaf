import type { RunStatus } from '../../src/protocol/models';
import { h, headerField as field, setText } from '../dom';
import { formatDuration, formatUsd, fmtMetric, humanize, shortMetric } from '../format';
import { isActiveState } from '../../src/protocol/models';

/** State, phase, elapsed time, GPU, cost so far, time left, and the progress bar. */
export class RunHeader {
  readonly element = h('header', { id: 'run-header' },
    h('h2', { id: 'run-title', 'data-testid': 'run-title' }),
    h('div', { class: 'fields' },
      field('run-state', 'State'), field('run-phase', 'Phase'), field('run-elapsed', 'Elapsed'), field('run-gpu', 'GPU'),
      field('run-cost', 'Cost so far'), field('run-eta', 'Time left'), field('run-step', 'Step'), field('run-best', 'Best')),
    h('vscode-progress-bar', { id: 'run-progress', 'data-testid': 'run-progress', 'aria-label': 'Training progress' }),
    h('p', { id: 'run-message', class: 'message', hidden: true }));

  render(s: RunStatus, now = Date.now()): void {
    const el = this.element;
    setText(el, '#run-title', `${s.name} · ${s.runId}`);
    const stateEl = el.querySelector('#run-state')!;
    stateEl.textContent = s.reconnecting ? `${humanize(s.state)} · reconnecting to Modal…` : humanize(s.state);
    stateEl.setAttribute('data-state', s.state);
    stateEl.toggleAttribute('data-reconnecting', s.reconnecting);
    stateEl.setAttribute('title', s.reconnecting ? 'Lost contact with Modal: reconnecting. The run goes on meanwhile; its events arrive once contact is back.' : '');
    setText(el, '#run-phase', s.phase ? humanize(s.phase) : isActiveState(s.state) ? 'starting' : '—');
    const elapsed = this.elapsed(s, now);
    setText(el, '#run-elapsed', formatDuration(elapsed));
    const gpu = s.backend === 'local' ? 'local' : `${s.gpuCount > 1 ? `${s.gpuCount} × ` : ''}${s.gpu ?? '?'}${s.gpuName ? ` (${s.gpuName})` : ''}`;
    setText(el, '#run-gpu', gpu);
    setText(el, '#run-cost', s.backend === 'local' ? '' : `${formatUsd(s.pricePerHour * (elapsed / 3_600_000))} at ${formatUsd(s.pricePerHour)}/h`);
    // A local run costs nothing and has no Modal phase: its header leaves those fields out.
    for (const id of ['#run-cost', '#run-phase']) (el.querySelector(id)?.parentElement as HTMLElement | null)?.toggleAttribute('hidden', s.backend === 'local');
    setText(el, '#run-eta', this.eta(s, now));
    setText(el, '#run-step', s.totalSteps ? `${s.step} / ${s.totalSteps}${s.epoch !== null ? ` (epoch ${s.epoch.toFixed(2)})` : ''}` : String(s.step));
    setText(el, '#run-best', s.best && s.primaryMetric ? `${shortMetric(s.primaryMetric)} ${fmtMetric(s.best.value)} at step ${s.best.step}` : '—');
    const bar = el.querySelector('#run-progress') as HTMLElement & { value?: number; max?: number };
    const pct = s.state === 'completed' ? 100 : s.fraction !== null ? Math.round(s.fraction * 1000) / 10 : null;
    bar.setAttribute('max', '100');
    if (pct === null) bar.removeAttribute('value');
    else bar.setAttribute('value', String(pct));
    bar.setAttribute('aria-valuenow', pct === null ? '' : String(pct));
    bar.toggleAttribute('indeterminate', pct === null && isActiveState(s.state));
    const msg = el.querySelector('#run-message') as HTMLElement;
    msg.hidden = !s.message;
    msg.textContent = s.message ?? '';
  }

  private elapsed(s: RunStatus, now: number): number {
    const end = s.endedAt ? Date.parse(s.endedAt) : isActiveState(s.state) ? now : Date.parse(s.updatedAt ?? s.createdAt);
    return Math.max(0, end - Date.parse(s.createdAt));
  }

  private eta(s: RunStatus, now: number): string {
    if (!isActiveState(s.state)) return s.state === 'completed' ? 'done' : '—';
    if (s.etaSeconds === null) return 'estimating…';
    const since = s.updatedAt ? (now - Date.parse(s.updatedAt)) / 1000 : 0;
    return `~${formatDuration(Math.max(0, s.etaSeconds - since) * 1000)}`;
  }
}
