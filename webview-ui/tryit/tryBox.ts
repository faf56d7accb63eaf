import type { HostMessageOf } from '../../src/protocol/messages';
import type { TryExample, TryInfo } from '../../src/protocol/tryModels';
import { clear, h, valueOf } from '../dom';
import type { Host } from '../vscodeApi';
import { tryResults } from './tryResults';

type Field = HTMLElement & { value: string };
const K_CHOICES = ['5', '10', '20'];

const exampleLabel = (e: TryExample) => {
  const text = e.text2 ? `${e.query} ↔ ${e.text2}` : e.query;
  const gold = e.label !== undefined && e.label !== null ? ` [label ${e.label}]` : e.score !== undefined && e.score !== null ? ` [score ${e.score}]` : '';
  return `${text.length > 80 ? `${text.slice(0, 79)}…` : text}${gold}`;
};

/**
 * Try it: a query box (Enter searches), a pick from the held-out set, k, and the answer. The
 * first focus asks the host to load the models, so they are warm by the time the query is typed.
 */
export class TryBox {
  private readonly query = h('vscode-textfield', { id: 'try-query', 'data-testid': 'try-query', placeholder: 'Type a query, press Enter', 'aria-label': 'Query' }) as Field;
  private readonly pick = h('vscode-single-select', { id: 'try-example', 'data-testid': 'try-example', 'aria-label': 'A held-out example', label: 'A held-out example' }) as Field;
  private readonly k = h('vscode-single-select', { id: 'try-k', 'aria-label': 'Results per model', label: 'Results per model' }, ...K_CHOICES.map((v) => h('vscode-option', { value: v, selected: v === '10' }, `top ${v}`))) as Field;
  private readonly button = h('vscode-button', { id: 'try-run', 'data-testid': 'try-run', icon: 'search' }, 'Search');
  private readonly statusEl = h('div', { id: 'try-status', 'data-testid': 'try-status', role: 'status', 'aria-live': 'polite', class: 'muted' });
  private readonly answer = h('div', { id: 'try-results' });
  private readonly note = h('p', { class: 'muted', id: 'try-note' });
  private examples: TryExample[] = [];
  private examplesKey = '';
  private text2: string | null = null;
  private started = false;
  private blocked: string | null = null;
  readonly element: HTMLElement;

  constructor(private readonly host: Host, title: string, intro: string) {
    // A panel moved to another editor group reloads: the query and k come back from the webview state.
    const saved = host.state();
    this.k.value = K_CHOICES.includes(saved.tryK ?? '') ? saved.tryK! : '10';
    for (const o of Array.from(this.k.querySelectorAll('vscode-option'))) o.toggleAttribute('selected', o.getAttribute('value') === this.k.value);
    this.query.value = saved.tryQuery ?? '';
    this.note.textContent = intro;
    this.fillPicks(null);
    this.element = h('section', { id: 'try-it', class: 'try-it', 'aria-label': title },
      h('h3', {}, title), this.note,
      h('div', { class: 'try-form' }, h('div', { class: 'try-query-row' }, this.query, this.k, this.button), this.pick),
      this.statusEl, this.answer);
    this.query.addEventListener('focus', () => this.start());
    this.pick.addEventListener('focus', () => this.start());
    this.query.addEventListener('input', () => {
      this.text2 = null;
      host.patchState({ tryQuery: valueOf(this.query) });
    });
    this.k.addEventListener('change', () => host.patchState({ tryK: valueOf(this.k) }));
    this.query.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter') {
        e.preventDefault();
        this.run();
      }
    });
    this.button.addEventListener('click', () => this.run());
    this.pick.addEventListener('change', (e) => {
      const ex = this.examples[Number(valueOf(e.target))];
      if (!ex) return;
      this.query.value = ex.query;
      this.host.patchState({ tryQuery: ex.query });
      this.text2 = ex.text2;
      this.run();
    });
  }

  /** Why the box cannot search (the model is not on this machine), or null. */
  setBlocked(reason: string | null): void {
    this.blocked = reason;
    for (const el of [this.query, this.pick, this.k, this.button]) el.toggleAttribute('disabled', reason !== null);
    if (reason) this.setStatus('unavailable', reason);
  }

  private start(): void {
    if (this.started || this.blocked) return;
    this.started = true;
    this.host.post({ type: 'try.start' });
  }

  run(): void {
    const query = valueOf(this.query).trim();
    if (this.blocked) return;
    if (!query) {
      this.setStatus('error', 'Type a query first (or pick a held-out example).');
      return;
    }
    this.started = true;
    this.host.post({ type: 'try.query', query, text2: this.text2, k: Number(this.k.value) || 10 });
  }

  private fillPicks(info: TryInfo | null): void {
    this.examples = info?.examples ?? [];
    clear(this.pick);
    this.pick.append(h('vscode-option', { value: '', selected: true }, info ? `Pick one of ${this.examples.length} held-out examples…` : 'Held-out examples appear once the models are loaded'),
      ...this.examples.map((e, i) => h('vscode-option', { value: String(i) }, exampleLabel(e))));
    this.pick.value = '';
  }

  private setStatus(state: string, message: string | null): void {
    this.statusEl.dataset['state'] = state;
    clear(this.statusEl);
    const busy = state === 'loading' || state === 'busy';
    if (busy) this.statusEl.append(h('vscode-icon', { name: 'loading', spin: true, 'aria-hidden': 'true' }), ' ');
    this.statusEl.classList.toggle('error', state === 'error');
    this.statusEl.append(message ?? '');
  }

  status(m: HostMessageOf<'try.status'>): void {
    if (this.blocked) return;
    if (m.state !== 'idle') this.started = true;
    const key = m.info ? JSON.stringify(m.info.examples) : '';
    if (m.info && key !== this.examplesKey) {
      this.examplesKey = key;
      this.fillPicks(m.info);
    }
    this.setStatus(m.state, m.message);
  }

  result(m: HostMessageOf<'try.result'>): void {
    // The host replays the last answer to a reloaded panel: its query goes back in the box.
    if (!valueOf(this.query).trim()) this.query.value = m.query;
    clear(this.answer);
    this.answer.append(tryResults(m));
  }
}
