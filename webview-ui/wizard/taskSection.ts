import { h } from '../dom';
import type { WizardContext } from './context';

/** Task cards with their one-liners. */
export function taskSection(ctx: WizardContext): HTMLElement {
  const cards = h('div', { id: 'task-cards', class: 'cards', role: 'radiogroup', 'aria-label': 'Task' });
  for (const t of ctx.catalog.tasks) {
    const selected = ctx.taskChosen && t.id === ctx.draft.task;
    const card = h('button', { type: 'button', class: 'card', id: `task-${t.id}`, 'data-testid': `task-${t.id}`, 'data-task': t.id, role: 'radio', 'aria-checked': String(selected) },
      h('span', { class: 'card-title' }, t.title), h('span', { class: 'card-id' }, t.id), h('span', { class: 'card-text' }, t.oneLiner));
    card.addEventListener('click', () => ctx.chooseTask(t.id));
    cards.append(card);
  }
  return h('section', { id: 'step-task', class: 'step' }, h('h2', {}, '1. What are you training for?'), cards,
    ctx.taskChosen ? null : h('p', { id: 'choose-task', class: 'muted' }, 'Choose the task that fits your data: the dataset format, loss and evaluator follow from it.'));
}

/** The recommended pairing in plain words: column roles, loss, evaluator, why, and the alternatives. */
export function pairingSection(ctx: WizardContext): HTMLElement {
  const { task, catalog } = ctx;
  const loss = task.losses.find((l) => l.recommended) ?? task.losses[0]!;
  const evaluator = task.evaluators.find((e) => e.recommended) ?? task.evaluators[0]!;
  const spec = catalog.evaluators.find((e) => e.name === evaluator.evaluator);
  const alternatives = [
    ...task.losses.filter((l) => !l.recommended).map((l) => ({ kind: 'loss', name: l.loss, why: l.why })),
    ...task.evaluators.filter((e) => !e.recommended).map((e) => ({ kind: 'evaluator', name: e.evaluator, why: e.why })),
  ];
  return h('section', { id: 'pairing', class: 'step', 'data-task': task.id, 'aria-labelledby': 'pairing-title' },
    h('h2', { id: 'pairing-title' }, `2. Recommended for ${task.title.toLowerCase()}`),
    h('p', { class: 'explanation' }, task.explanation),
    h('h3', {}, 'Your dataset needs these columns'),
    h('table', { id: 'pairing-columns', 'data-testid': 'pairing-columns' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Role'), h('th', { scope: 'col' }, 'Type'), h('th', { scope: 'col' }, 'Required'), h('th', { scope: 'col' }, 'What it holds'))),
      h('tbody', {}, ...task.columns.map((c) => h('tr', { 'data-role': c.role },
        h('td', {}, h('code', {}, c.role)), h('td', {}, c.kind), h('td', {}, c.required ? 'yes' : 'optional'), h('td', {}, c.description))))),
    h('dl', { class: 'pairing' },
      h('dt', {}, 'Loss'),
      h('dd', { id: 'pairing-loss', 'data-testid': 'pairing-loss' }, h('strong', { class: 'name' }, loss.loss), h('span', { class: 'why' }, ` — ${loss.why}`)),
      h('dt', {}, 'Evaluator'),
      h('dd', { id: 'pairing-evaluator', 'data-testid': 'pairing-evaluator' }, h('strong', { class: 'name' }, evaluator.evaluator),
        h('span', { class: 'why' }, ` — ${evaluator.why}`), spec ? h('span', { class: 'metric' }, ` Primary metric: ${spec.primaryMetric}.`) : null)),
    alternatives.length
      ? h('div', { id: 'pairing-alternatives', 'data-testid': 'pairing-alternatives' }, h('h3', {}, 'Alternatives and their trade-offs'),
        h('ul', {}, ...alternatives.map((a) => {
          const use = h('vscode-button', { secondary: true, 'data-use': a.name }, 'Use instead');
          use.addEventListener('click', () => ctx.set(a.kind === 'loss' ? { loss: a.name } : { evaluator: a.name }, true));
          const chosen = a.name === (a.kind === 'loss' ? ctx.draft.loss : ctx.draft.evaluator);
          return h('li', { 'data-alternative': a.name }, h('strong', {}, a.name), ` (${a.kind}) — ${a.why} `, chosen ? h('em', {}, '(selected)') : use);
        })))
      : h('p', { id: 'pairing-alternatives', class: 'muted' }, 'No alternatives: this pairing is the one to use.'),
  );
}
