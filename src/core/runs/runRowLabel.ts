import type { RunMeta } from './runMeta';

const pad = (n: number): string => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The Runs view's row label, short enough to leave the sidebar room for the result beside it:
 * "quickstart · 13:15" today, "quickstart · Dec 6" before (the full date is in the tooltip).
 */
export function runRowLabel(meta: Pick<RunMeta, 'kind' | 'name' | 'createdAt'>, now: Date = new Date()): string {
  const at = new Date(meta.createdAt);
  const today = at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate();
  const when = Number.isNaN(at.getTime()) ? '' : today ? `${pad(at.getHours())}:${pad(at.getMinutes())}` : `${MONTHS[at.getMonth()]} ${at.getDate()}`;
  return `${meta.kind === 'sweep' ? 'Sweep ' : ''}${meta.name}${when ? ` · ${when}` : ''}`;
}
