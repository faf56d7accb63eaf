import type { CheckContext } from './context';
import { num, obj, report, str } from './context';

/** dataset.label_map / score_range / split_by against the task's columns. */
export function checkDataOptions(ctx: CheckContext): void {
  const task = ctx.task;
  const dataset = obj(ctx, ['dataset']);
  if (!task || !dataset) return;
  const columns = obj(ctx, ['dataset', 'columns']) ?? {};
  const has = (kind: string) => task.columns.some((c) => c.kind === kind);
  if (dataset.label_map !== undefined && !has('label')) {
    report(ctx, 'warning', 'option-unused', ['dataset', 'label_map'], `dataset.label_map applies to a label column; ${task.id} has none, so it is ignored.`, { on: 'key' });
  }
  if (dataset.score_range !== undefined && !has('score')) {
    report(ctx, 'warning', 'option-unused', ['dataset', 'score_range'], `dataset.score_range applies to a score column; ${task.id} has none, so it is ignored.`, { on: 'key' });
  }
  const splitBy = str(ctx, ['dataset', 'split_by']);
  if (splitBy !== undefined && typeof columns[splitBy] !== 'string') {
    const mapped = task.columns.filter((c) => c.kind === 'text' && typeof columns[c.role] === 'string').map((c) => c.role);
    report(ctx, 'error', 'split-by-unmapped', ['dataset', 'split_by'],
      `dataset.split_by names "${splitBy}", which dataset.columns does not map. Use one of: ${mapped.join(', ') || '(no text column mapped)'}.`,
      mapped[0] ? { fix: { title: `Split by ${mapped[0]}`, newText: mapped[0] } } : {});
  }
}

/** training.hard_negatives: only where mining fits (retrieval/triplet data), with a window that holds `count` candidates. */
export function checkHardNegatives(ctx: CheckContext): void {
  const hn = obj(ctx, ['training', 'hard_negatives']);
  if (!hn || !ctx.task) return;
  const at = ['training', 'hard_negatives'];
  if (!ctx.task.hardNegatives) {
    report(ctx, 'error', 'hard-negatives-task', at,
      `Hard-negative mining needs (anchor, positive) pairs: information-retrieval or triplet tasks, not ${ctx.task.id}. Remove training.hard_negatives.`, { on: 'key' });
    return;
  }
  // Every loss of these two tasks reads negative columns (the in-batch family or TripletLoss).
  const loss = ctx.loss;
  const count = num(ctx, [...at, 'count']) ?? 1;
  if (loss?.family === 'triplet' && count !== 1) {
    report(ctx, 'error', 'hard-negatives-count', [...at, 'count'], `${loss.name} takes exactly one negative per row: set training.hard_negatives.count to 1 (the mined negative replaces yours).`,
      { fix: { title: 'Mine one negative per row', newText: '1' } });
  }
  const min = num(ctx, [...at, 'range_min']) ?? 0;
  const max = num(ctx, [...at, 'range_max']);
  if (max !== undefined && max - min < count) {
    report(ctx, 'error', 'hard-negatives-range', [...at, 'range_max'],
      `range_max ${max} leaves ${Math.max(0, max - min)} candidates after range_min ${min}, fewer than count ${count}. Raise range_max to at least ${min + count}.`,
      { fix: { title: `Set range_max to ${min + count * 10}`, newText: String(min + count * 10) } });
  }
}
