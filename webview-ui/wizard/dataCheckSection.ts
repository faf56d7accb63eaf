import type { DataCheck, DataCheckFinding, WizardDraft } from '../../src/protocol/models';
import { DATA_OPTION_KEYS } from '../../src/protocol/models';
import { h } from '../dom';
import type { WizardContext } from './context';

const ICONS = { error: 'error', warning: 'warning', info: 'info' } as const;

/** A fix's config edits as a change of the draft; undefined when the form cannot hold one of them. */
export function draftChange(draft: WizardDraft, fix: NonNullable<DataCheckFinding['fix']>): Partial<WizardDraft> | undefined {
  const change: Partial<WizardDraft> = {};
  for (const { path, value } of fix.edits) {
    const key = path.join('.');
    if (key === 'dataset.test_size' && typeof value === 'number') change.testSize = value;
    else if (key === 'training.batch_size' && typeof value === 'number') change.batchSize = value;
    else if (key === 'training.hard_negatives') change.hardNegatives = true;
    else if (path.length === 3 && path[0] === 'dataset' && path[1] === 'columns' && typeof value === 'string') {
      change.columns = { ...(change.columns ?? draft.columns), [String(path[2])]: value };
    } else if ((DATA_OPTION_KEYS as readonly string[]).includes(key)) {
      change.dataOptions = { ...(change.dataOptions ?? draft.dataOptions ?? {}), [key]: value as never };
    } else return undefined;
  }
  return change;
}

function findingItem(ctx: WizardContext, f: DataCheckFinding, recheck: () => void): HTMLElement {
  const change = f.fix ? draftChange(ctx.draft, f.fix) : undefined;
  const apply = change && f.fix ? h('vscode-button', { secondary: true, icon: 'lightbulb', class: 'fix', 'data-code': f.code }, f.fix.title) : null;
  apply?.addEventListener('click', () => {
    ctx.set(change!, true);
    recheck();
  });
  return h('li', { class: `issue ${f.severity}`, 'data-code': f.code, 'data-severity': f.severity },
    h('vscode-icon', { name: ICONS[f.severity], 'aria-label': f.severity }), ' ', h('code', {}, f.code), ` ${f.message}`, apply ? h('div', {}, apply) : null);
}

/**
 * "8. Data check", before the launch buttons: the data doctor's findings on the dataset the draft
 * names, with the fixes the form can apply. Local files are checked by themselves; Hub datasets
 * when asked (checking downloads them).
 */
export function dataCheckSection(ctx: WizardContext, check: DataCheck | null, run: () => void): HTMLElement {
  const button = h('vscode-button', { id: 'data-check-run', 'data-testid': 'data-check-run', icon: 'checklist', secondary: true }, check ? 'Check again' : 'Check data');
  button.addEventListener('click', run);
  const status = h('p', { id: 'data-check-status', 'data-testid': 'data-check-status', role: 'status', 'data-state': check?.state ?? 'idle' },
    check?.message ?? (ctx.draft.datasetKind === 'file' ? 'Choose a file: it is checked as soon as its columns are mapped.' : 'Reads the Hub dataset (downloading it) and checks it as training will.'));
  return h('section', { id: 'step-data-check', class: 'step' }, h('h2', {}, '8. Data check'),
    h('p', { class: 'muted' }, 'Before a GPU minute is spent: empty and duplicate rows, train/test leakage on the real split, labels, scores, columns in the wrong role, token lengths with the model\'s own tokenizer, and sizes.'),
    check?.state === 'running' ? h('vscode-progress-bar', { 'aria-label': 'Checking the dataset' }) : null,
    status,
    check?.summary ? h('p', { id: 'data-check-summary', class: 'muted' }, check.summary) : null,
    h('ul', { id: 'data-check-findings', 'data-testid': 'data-check-findings', class: 'issues findings' }, ...(check?.findings ?? []).map((f) => findingItem(ctx, f, run))),
    button);
}
