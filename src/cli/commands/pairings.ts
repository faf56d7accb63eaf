import { getEvaluator } from '../../core/catalog/evaluators';
import { getLoss } from '../../core/catalog/losses';
import { TASKS, TASK_IDS, getTask } from '../../core/catalog/tasks';
import { listWords } from '../../core/config/nearest';
import { pairingText } from '../pairingsText';
import type { Io } from '../io';

/** `pairings [--task T] [--json]`: the catalog, as text or JSON. */
export function pairingsCommand(taskId: string | undefined, json: boolean, io: Io): number {
  const task = taskId === undefined ? undefined : getTask(taskId);
  if (taskId !== undefined && !task) {
    io.err(`pairings: unknown task "${taskId}". Tasks: ${listWords(TASK_IDS)}.`);
    return 2;
  }
  const tasks = task ? [task] : TASKS;
  if (json) {
    io.out(JSON.stringify({
      tasks: tasks.map((t) => ({
        ...t,
        losses: t.losses.map((l) => ({ ...l, ...getLoss(l.loss) })),
        evaluators: t.evaluators.map((e) => ({ ...e, ...getEvaluator(e.evaluator) })),
      })),
    }, null, 2));
  } else {
    io.out(tasks.map(pairingText).join('\n\n'));
    io.out('\n* = recommended. Any task also takes `matryoshka: [dims]` (MatryoshkaLoss around the loss, one evaluator per dimension).');
  }
  return 0;
}
