import { existsSync, writeFileSync } from 'node:fs';
import { TASK_IDS, getTask } from '../../core/catalog/tasks';
import { starterConfig } from '../../core/config/starter';
import { listWords } from '../../core/config/nearest';
import type { Io } from '../io';

/** `init --task T [--out FILE] [--force]`: writes a commented starter config. */
export function initCommand(taskId: string | undefined, out: string | undefined, force: boolean, io: Io): number {
  const task = taskId ? getTask(taskId) : undefined;
  if (!task) {
    io.err(`init: ${taskId ? `unknown task "${taskId}"` : 'missing --task'}. Tasks: ${listWords(TASK_IDS)}.`);
    return 2;
  }
  const text = starterConfig(task.id);
  if (!out) {
    io.out(text);
    return 0;
  }
  if (!/\.finetune\.ya?ml$/i.test(out)) io.err(`init: note: the editor recognises configs named *.finetune.yaml; "${out}" is not.`);
  if (existsSync(out) && !force) {
    io.err(`init: ${out} already exists; pass --force to overwrite it.`);
    return 2;
  }
  writeFileSync(out, text);
  io.out(`Wrote ${out}`);
  return 0;
}
