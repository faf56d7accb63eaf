import type { RunAction } from '../../src/protocol/messages';
import type { RunStatus } from '../../src/protocol/models';
import { clear, h } from '../dom';
import { humanize } from '../format';

const SEVERE = new Set(['collapsed_loss', 'nan_loss']);

/** Template warnings (collapsed loss first and loudest) and the run's error, if any. */
export function renderAlerts(root: HTMLElement, s: RunStatus): void {
  clear(root);
  if (s.error) {
    root.append(h('div', { id: 'run-error', 'data-testid': 'run-error', class: 'alert error', role: 'alert' },
      h('vscode-icon', { name: 'error', 'aria-hidden': 'true' }),
      h('div', {}, h('strong', {}, `Failed (${humanize(s.error.category)}${s.error.phase ? `, during ${humanize(s.error.phase)}` : ''}): `), s.error.message,
        s.error.hint ? h('p', { class: 'hint' }, s.error.hint) : null)));
  }
  const warnings = [...s.warnings].sort((a, b) => Number(SEVERE.has(b.code)) - Number(SEVERE.has(a.code)));
  for (const w of warnings) {
    const severe = SEVERE.has(w.code);
    root.append(h('div', { class: `alert ${severe ? 'severe' : 'warning'}`, 'data-testid': 'warning', 'data-code': w.code, role: severe ? 'alert' : 'status' },
      h('vscode-icon', { name: 'warning', 'aria-hidden': 'true' }),
      h('div', {}, h('strong', {}, `${humanize(w.code)}: `), w.message, w.hint ? h('p', { class: 'hint' }, w.hint) : null)));
  }
}

export function renderLog(pre: HTMLElement, s: RunStatus): void {
  const text = s.logTail.join('\n');
  if (pre.textContent !== text) pre.textContent = text || '(no log output yet)';
}

const ACTIONS: Array<{ action: RunAction; id: string; label: string; icon: string; secondary?: boolean }> = [
  { action: 'cancel', id: 'action-cancel', label: 'Cancel', icon: 'debug-stop' },
  { action: 'rerun', id: 'action-rerun', label: 'Re-run', icon: 'debug-restart', secondary: true },
  { action: 'revealModel', id: 'action-reveal-model', label: 'Reveal model', icon: 'folder-opened', secondary: true },
  { action: 'copyPushCommand', id: 'action-copy-push', label: 'Copy push command', icon: 'copy', secondary: true },
  { action: 'openLogs', id: 'action-open-logs', label: 'Open logs', icon: 'output', secondary: true },
  { action: 'revealConfig', id: 'action-reveal-config', label: 'Reveal config', icon: 'go-to-file', secondary: true },
];

export function actionBar(onAction: (a: RunAction) => void): HTMLElement {
  const bar = h('div', { id: 'run-actions', class: 'actions', role: 'toolbar', 'aria-label': 'Run actions' });
  for (const a of ACTIONS) {
    const b = h('vscode-button', { id: a.id, 'data-testid': a.id, 'data-action': a.action, icon: a.icon, secondary: a.secondary ?? false }, a.label);
    b.addEventListener('click', () => {
      if (!b.hasAttribute('disabled')) onAction(a.action);
    });
    bar.append(b);
  }
  return bar;
}

/** Only the actions that apply to the run's state are shown (a completed run has no Cancel). */
export function updateActions(bar: HTMLElement, s: RunStatus): void {
  const active = s.state === 'starting' || s.state === 'running';
  const applies: Partial<Record<RunAction, boolean>> = { cancel: active, rerun: !active, revealModel: s.completed !== null, copyPushCommand: s.completed !== null, openLogs: true, revealConfig: true };
  for (const b of Array.from(bar.querySelectorAll<HTMLElement>('[data-action]'))) {
    const on = applies[b.dataset['action'] as RunAction] ?? false;
    b.hidden = !on;
    b.toggleAttribute('disabled', !on);
  }
  // The first shown action is the primary one (Cancel while running, Re-run once ended).
  const first = Array.from(bar.querySelectorAll<HTMLElement>('[data-action]')).find((b) => !b.hidden);
  for (const b of Array.from(bar.querySelectorAll<HTMLElement>('[data-action]'))) b.toggleAttribute('secondary', b !== first);
}

const score = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));

/** training.hard_negatives: rows mined, and how close the negatives came to the positives. */
export function renderHardNegatives(root: HTMLElement, s: RunStatus): void {
  clear(root);
  const m = s.hardNegatives;
  root.hidden = m === null;
  if (!m) return;
  root.append(h('h3', {}, 'Hard negatives'),
    h('p', { id: 'hard-negatives-summary', 'data-testid': 'hard-negatives-summary' },
      `${m.count} per row (${m.sampling}) mined with the base model for ${m.minedRows} of ${m.rows} training rows`,
      m.filledRows ? `; ${m.filledRows} got a random negative (nothing passed the margins)` : '', ` in ${m.seconds.toFixed(1)} s. `,
      `Base-model similarity: positives ${score(m.positiveScore)}, mined negatives ${score(m.negativeScore)}.`));
}
