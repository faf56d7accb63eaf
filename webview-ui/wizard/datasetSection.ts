import { clear, h } from '../dom';
import type { WizardContext } from './context';
import { selectField, textField, toggleGroup } from './fields';

/** Hub id + subset/split (with the task's examples), or a local file with preview and role mapping. */
export function datasetSection(ctx: WizardContext): HTMLElement {
  const { draft, task } = ctx;
  const body = h('div', { id: 'dataset-body' });
  const section = h('section', { id: 'step-dataset', class: 'step' }, h('h2', {}, '4. Dataset'),
    toggleGroup('dataset-kind', 'Dataset source', [{ value: 'hub', label: 'Hugging Face Hub' }, { value: 'file', label: 'Local file' }], draft.datasetKind,
      (v) => ctx.set({ datasetKind: v as 'hub' | 'file', columns: v === 'hub' ? { ...(task.examples.find((e) => e.hub === draft.hub)?.columns ?? {}) } : {} }, true)),
    body);
  if (draft.datasetKind === 'hub') {
    const examples = h('ul', { id: 'dataset-examples', class: 'chips' }, ...task.examples.map((ex) => {
      const b = h('button', { type: 'button', class: 'chip', 'data-hub': ex.hub, 'aria-pressed': String(ex.hub === draft.hub && (ex.subset ?? '') === draft.subset) },
        h('strong', {}, ex.hub), ex.subset ? ` (${ex.subset})` : '', h('span', { class: 'muted' }, ` ${ex.note}`));
      b.addEventListener('click', () => ctx.set({ hub: ex.hub, subset: ex.subset ?? '', split: ex.split, columns: { ...ex.columns } }, true));
      return h('li', {}, b);
    }));
    body.append(h('p', {}, 'Examples for this task:'), examples,
      textField('dataset-hub', 'Hub dataset id', draft.hub, (v) => ctx.set({ hub: v.trim() }), { placeholder: 'org/dataset' }),
      h('div', { class: 'form-inline' },
        textField('dataset-subset', 'Subset', draft.subset, (v) => ctx.set({ subset: v.trim() })),
        textField('dataset-split', 'Split', draft.split, (v) => ctx.set({ split: v.trim() }))),
      h('h3', {}, 'Column for each role'),
      h('div', { class: 'form-inline', id: 'column-mapping' }, ...task.columns.map((c) =>
        textField(`column-${c.role}`, `${c.role}${c.required ? '' : ' (optional)'}`, draft.columns[c.role] ?? '', (v) => ctx.set({ columns: { ...ctx.draft.columns, [c.role]: v.trim() } })))));
    return section;
  }
  const pick = h('vscode-button', { id: 'dataset-pick', 'data-testid': 'dataset-pick', icon: 'folder-opened' }, draft.path ? 'Choose another file…' : 'Choose a csv, jsonl or parquet file…');
  pick.addEventListener('click', () => ctx.pickDataset());
  body.append(pick);
  if (task.id === 'information-retrieval') {
    const docs = h('vscode-button', { id: 'dataset-from-documents', 'data-testid': 'dataset-from-documents', icon: 'sparkle', secondary: true }, 'I have documents, no questions…');
    docs.addEventListener('click', () => ctx.fromDocuments());
    body.append(docs);
  }
  const p = ctx.dataset && ctx.dataset.path === draft.path ? ctx.dataset : null;
  if (!draft.path || !p) return section;
  body.append(h('p', { id: 'dataset-file' }, h('code', {}, p.relPath), ` — ${p.note}`));
  if (p.previewAvailable) {
    body.append(h('div', { class: 'table-scroll' }, h('table', { id: 'dataset-preview', 'data-testid': 'dataset-preview' },
      h('thead', {}, h('tr', {}, ...p.columns.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ...p.rows.map((r) => h('tr', {}, ...r.map((cell) => h('td', { title: cell }, cell.length > 80 ? `${cell.slice(0, 80)}…` : cell))))))));
  }
  const mapping = h('div', { class: 'form-inline', id: 'column-mapping' });
  for (const c of task.columns) {
    const current = ctx.draft.columns[c.role] ?? '';
    const onValue = (v: string) => {
      ctx.set({ columns: { ...ctx.draft.columns, [c.role]: v } });
      mapping.querySelector(`#column-${c.role}-guess`)?.remove(); // the user's choice, no longer a guess
    };
    // An unmapped role shows an empty choice, never the first column: what the dropdown shows is what the draft holds.
    const empty = { value: '', label: c.required ? 'Choose a column…' : '(none)' };
    const field = p.previewAvailable
      ? selectField(`column-${c.role}`, `${c.role} (${c.kind})`, [empty, ...p.columns.map((col) => ({ value: col, label: col }))], p.columns.includes(current) || !current ? current : '', onValue)
      : textField(`column-${c.role}`, `${c.role} (${c.kind})`, current, onValue);
    const why = ctx.guessed[c.role];
    if (why && current) field.append(h('vscode-form-helper', { id: `column-${c.role}-guess`, class: 'guess', 'data-guess': c.role }, `${why}: check it`));
    mapping.append(field);
  }
  body.append(h('h3', {}, 'Map each column to a role'), mapping, h('ul', { id: 'column-issues', 'data-testid': 'column-issues', class: 'issues', role: 'status' }));
  return section;
}

/** Shows the host's type checks of the role mapping. */
export function renderColumnIssues(root: ParentNode, issues: Array<{ role: string; message: string }>): void {
  const list = root.querySelector('#column-issues');
  if (!list) return;
  clear(list);
  for (const i of issues) list.append(h('li', { class: 'issue error', 'data-role': i.role }, h('vscode-icon', { name: 'error', 'aria-hidden': 'true' }), ` ${i.message}`));
}
