import { h, valueOf } from '../dom';

let seq = 0;

/** A labelled vscode-textfield; `onValue` gets the text on every input. */
export function textField(id: string, label: string, value: string, onValue: (v: string) => void, opts: { inputmode?: string; help?: string; placeholder?: string } = {}): HTMLElement {
  const field = h('vscode-textfield', { id, 'data-testid': id, value, placeholder: opts.placeholder ?? '', inputmode: opts.inputmode });
  (field as unknown as { value: string }).value = value;
  const handler = (e: Event) => onValue(valueOf(e.target));
  field.addEventListener('input', handler);
  field.addEventListener('change', handler);
  return h('div', { class: 'form-row' }, h('vscode-label', { for: id }, label), field, opts.help ? h('vscode-form-helper', {}, opts.help) : null);
}

export function numberField(id: string, label: string, value: number, onValue: (v: number) => void, help?: string): HTMLElement {
  return textField(id, label, String(value), (v) => {
    const n = Number(v);
    if (v.trim() !== '' && Number.isFinite(n)) onValue(n);
  }, { inputmode: 'decimal', help }); // text, not type=number: its step would mark 2e-5 invalid
}

export interface Option {
  value: string;
  label: string;
  description?: string;
}

/** A labelled vscode-single-select. */
export function selectField(id: string, label: string, options: Option[], value: string, onValue: (v: string) => void, help?: string): HTMLElement {
  const select = h('vscode-single-select', { id, 'data-testid': id, 'aria-label': label },
    ...options.map((o) => h('vscode-option', { value: o.value, description: o.description ?? '', selected: o.value === value }, o.label)));
  (select as unknown as { value: string }).value = value;
  select.addEventListener('change', (e) => onValue(valueOf(e.target)));
  return h('div', { class: 'form-row' }, h('vscode-label', { for: id }, label), select, help ? h('vscode-form-helper', {}, help) : null);
}

/** A native toggle button group (aria-pressed), keyboard reachable. */
export function toggleGroup(id: string, label: string, options: Option[], value: string, onValue: (v: string) => void): HTMLElement {
  const group = h('div', { id, class: 'toggle-group', role: 'group', 'aria-label': label });
  for (const o of options) {
    const b = h('button', { type: 'button', class: 'toggle', 'data-value': o.value, 'aria-pressed': String(o.value === value), id: `${id}-${o.value}` }, o.label);
    b.addEventListener('click', () => onValue(o.value));
    group.append(b);
  }
  return group;
}

export const uid = (prefix: string): string => `${prefix}-${++seq}`;
