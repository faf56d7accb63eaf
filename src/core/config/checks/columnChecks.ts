import { COLUMN_ROLES } from '../schema';
import { listWords } from '../nearest';
import type { CheckContext } from './context';
import { obj, report } from './context';

/** dataset.columns against the task's format: every needed role mapped, no role the loss does not take. */
export function checkColumns(ctx: CheckContext): void {
  const task = ctx.task;
  const dataset = obj(ctx, ['dataset']);
  if (!task || !dataset || obj(ctx, ['dataset', 'synthesize'])) return; // synthesized pairs: anchor, positive
  const lossName = ctx.loss?.name ?? 'this task';
  const roles = task.columns.map((c) => c.role);
  const columns = obj(ctx, ['dataset', 'columns']);
  if (!columns) {
    if (dataset.columns === undefined) {
      const example = task.columns.filter((c) => c.required).map((c) => `${c.role}: <column>`).join(', ');
      report(ctx, 'error', 'missing-columns', ['dataset'],
        `dataset.columns is missing: map each role ${task.id} needs to a column of your dataset, e.g. columns: { ${example} }.`, { on: 'key' });
    }
    return;
  }
  for (const spec of task.columns) {
    if (!spec.required || typeof columns[spec.role] === 'string') continue;
    const swapped = spec.kind === 'label' ? 'score' : spec.kind === 'score' ? 'label' : undefined;
    if (swapped && typeof columns[swapped] === 'string') continue; // reported as a wrong role below, with a fix
    report(ctx, 'error', 'missing-column-role', ['dataset', 'columns'],
      `${lossName} needs a "${spec.role}" column (${spec.description}) Add "${spec.role}: <column name>" under dataset.columns.`, { on: 'key' });
  }
  for (const role of Object.keys(columns)) {
    if (!(COLUMN_ROLES as readonly string[]).includes(role) || roles.includes(role as never)) continue;
    const labelLike = role === 'label' || role === 'score';
    const counterpart = role === 'label' ? 'score' : 'label';
    if (labelLike && roles.includes(counterpart)) {
      const kind = counterpart === 'score' ? 'a float similarity in [0, 1]' : 'an integer 0/1';
      report(ctx, 'error', 'unexpected-column-role', ['dataset', 'columns', role],
        `${task.id} takes a "${counterpart}" column (${kind}), not "${role}".`, { on: 'key', fix: { title: `Rename the role to "${counterpart}"`, newText: counterpart } });
    } else if (labelLike) {
      report(ctx, 'error', 'unexpected-column-role', ['dataset', 'columns', role],
        `${lossName} takes no ${role} column: ${task.id} uses ${listWords(roles)}. Remove "${role}" from dataset.columns.`, { on: 'key' });
    } else {
      report(ctx, 'error', 'unexpected-column-role', ['dataset', 'columns', role],
        `${task.id} has no "${role}" role; its roles are ${listWords(roles)}.`, { on: 'key' });
    }
  }
  const seen = new Map<string, string>();
  for (const [role, column] of Object.entries(columns)) {
    if (typeof column !== 'string') continue;
    const other = seen.get(column);
    if (other) {
      report(ctx, 'warning', 'duplicate-column', ['dataset', 'columns', role],
        `Roles "${other}" and "${role}" both read column "${column}"; each role usually needs its own column.`);
    }
    seen.set(column, role);
  }
}
