import { getEvaluator, EVALUATORS } from '../../catalog/evaluators';
import { getLoss, LOSSES } from '../../catalog/losses';
import { TASK_IDS, getTask } from '../../catalog/tasks';
import { listWords, nearest } from '../nearest';
import type { CheckContext } from './context';
import { report, str } from './context';

/** task, loss and evaluator: known names, and a loss/evaluator that fits the task's format. */
export function checkTaskLossEvaluator(ctx: CheckContext): void {
  const taskName = str(ctx, ['task']);
  if (taskName !== undefined && taskName !== '') {
    ctx.task = getTask(taskName);
    if (!ctx.task) {
      const guess = nearest(taskName, TASK_IDS);
      report(ctx, 'error', 'unknown-task', ['task'],
        `Unknown task "${taskName}".${guess ? ` Did you mean "${guess}"?` : ''} Tasks: ${listWords(TASK_IDS)}.`,
        guess ? { fix: { title: `Change to "${guess}"`, newText: guess } } : {});
    }
  }
  checkLoss(ctx);
  checkEvaluator(ctx);
}

function checkLoss(ctx: CheckContext): void {
  const task = ctx.task;
  const recommended = task?.losses.find((l) => l.recommended)?.loss;
  const name = str(ctx, ['loss']);
  if (name === undefined || name === '') {
    ctx.loss = recommended ? getLoss(recommended) : undefined;
    return;
  }
  const spec = getLoss(name);
  const fitting = task?.losses.map((l) => l.loss) ?? [];
  if (!spec) {
    const guess = nearest(name, fitting.length ? fitting : LOSSES.map((l) => l.name)) ?? nearest(name, LOSSES.map((l) => l.name));
    report(ctx, 'error', 'unknown-loss', ['loss'],
      `Unknown loss "${name}".${guess ? ` Did you mean "${guess}"?` : ''}${task ? ` Losses for ${task.id}: ${listWords(fitting)}.` : ''}`,
      guess ? { fix: { title: `Change to "${guess}"`, newText: guess } } : {});
    return;
  }
  if (task && !fitting.includes(name)) {
    report(ctx, 'error', 'loss-task-mismatch', ['loss'],
      `${name} does not fit the ${task.id} format (${formatText(ctx)}). Losses that do: ${listWords(fitting)}; recommended: ${recommended}.`,
      recommended ? { fix: { title: `Use the recommended ${recommended}`, newText: recommended } } : {});
    return;
  }
  ctx.loss = spec;
}

function checkEvaluator(ctx: CheckContext): void {
  const task = ctx.task;
  const recommended = task?.evaluators.find((e) => e.recommended)?.evaluator;
  const name = str(ctx, ['evaluator']);
  if (name === undefined || name === '') {
    ctx.evaluator = recommended ? getEvaluator(recommended) : undefined;
    return;
  }
  const spec = getEvaluator(name);
  const fitting = task?.evaluators.map((e) => e.evaluator) ?? [];
  if (!spec) {
    const guess = nearest(name, EVALUATORS.map((e) => e.name));
    report(ctx, 'error', 'unknown-evaluator', ['evaluator'],
      `Unknown evaluator "${name}".${guess ? ` Did you mean "${guess}"?` : ''}${task ? ` Evaluators for ${task.id}: ${listWords(fitting)}.` : ''}`,
      guess ? { fix: { title: `Change to "${guess}"`, newText: guess } } : {});
    return;
  }
  if (task && !fitting.includes(name)) {
    report(ctx, 'error', 'evaluator-task-mismatch', ['evaluator'],
      `${name} does not fit the ${task.id} data (${formatText(ctx)}). Evaluators that do: ${listWords(fitting)}; recommended: ${recommended}.`,
      recommended ? { fix: { title: `Use the recommended ${recommended}`, newText: recommended } } : {});
    return;
  }
  ctx.evaluator = spec;
}

export function formatText(ctx: CheckContext): string {
  return (ctx.task?.columns ?? []).map((c) => (c.required ? c.role : `optional ${c.role}`)).join(', ');
}
