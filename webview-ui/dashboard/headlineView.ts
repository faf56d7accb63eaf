import type { RunStatus } from '../../src/protocol/models';
import { headlineParts, statusHeadline } from '../../src/protocol/headline';
import { clear, h } from '../dom';

/** The dashboard's first line: primary metric base → fine-tuned, the change and its verdict, and where it was measured. */
export class HeadlineView {
  readonly element = h('section', { id: 'headline', 'data-testid': 'headline', 'aria-label': 'Result', hidden: true });
  private shown = '';

  render(s: RunStatus): void {
    const input = statusHeadline(s);
    const key = JSON.stringify(input);
    if (key === this.shown) return;
    this.shown = key;
    clear(this.element);
    this.element.hidden = input === null;
    if (!input) return;
    const p = headlineParts(input);
    const label = input.split === 'test' ? 'Base → fine-tuned' : 'Base → best so far';
    this.element.dataset['verdict'] = p.verdict ?? '';
    this.element.append(
      h('p', { class: 'headline-title', id: 'headline-title', 'data-testid': 'headline-title' }, h('span', { class: 'headline-label' }, `${label}: `), p.title),
      h('p', { class: 'headline-change', id: 'headline-change', 'data-testid': 'headline-change', 'data-verdict': p.verdict ?? '' }, p.change),
      h('p', { class: 'headline-where muted', id: 'headline-where', 'data-testid': 'headline-where' }, `Measured on the ${p.where}.`));
  }
}
