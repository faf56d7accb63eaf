/** Tiny DOM builders. Text goes in as text nodes (never parsed as HTML); no style attributes (CSP). */
export type Child = Node | string | number | null | undefined | false;
export type Attrs = Record<string, string | number | boolean | null | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, ...children);
  return el;
}

export function append(el: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function setText(root: ParentNode, selector: string, text: string): void {
  const el = root.querySelector(selector);
  if (el && el.textContent !== text) el.textContent = text;
}

/** The value of a native or vscode-elements form control that fired an event. */
export function valueOf(target: EventTarget | null): string {
  const v = (target as { value?: unknown } | null)?.value;
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** A labelled value in a header (`id` also serves as the test id); filled in with setText. */
export function headerField(id: string, label: string): HTMLElement {
  return h('div', { class: 'field' }, h('span', { class: 'field-label' }, label), h('span', { id, 'data-testid': id, class: 'field-value' }, '—'));
}
