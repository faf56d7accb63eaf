import { h } from '../dom';

/** A titled, sized container with a canvas whose id tests can find. */
export function chartBox(id: string, title: string, extraClass = ''): { box: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = h('canvas', { id, 'data-testid': id, role: 'img', 'aria-label': title });
  const box = h('figure', { class: `chart ${extraClass}`.trim(), 'data-chart': id }, h('figcaption', {}, title), h('div', { class: 'chart-canvas' }, canvas));
  return { box, canvas };
}
