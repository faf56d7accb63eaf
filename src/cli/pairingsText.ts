import { getEvaluator } from '../core/catalog/evaluators';
import type { TaskSpec } from '../core/catalog/types';

/** Human-readable pairing for one task, for `finetune-embeddings pairings`. */
export function pairingText(task: TaskSpec): string {
  const lines = [`${task.id} — ${task.title}`, `  ${task.oneLiner}`, '  Dataset format (in loss order):'];
  for (const c of task.columns) lines.push(`    ${c.role.padEnd(9)} ${c.kind.padEnd(6)} ${c.required ? '' : '(optional) '}${c.description}`);
  lines.push('  Losses:');
  for (const l of task.losses) lines.push(`    ${l.recommended ? '*' : ' '} ${l.loss}: ${l.why}`);
  lines.push('  Evaluators:');
  for (const e of task.evaluators) {
    const spec = getEvaluator(e.evaluator);
    lines.push(`    ${e.recommended ? '*' : ' '} ${e.evaluator} (primary metric ${spec?.primaryMetric}): ${e.why}`);
  }
  const hp = task.hyperparameters;
  lines.push(`  Recommended: batch_size ${hp.batch_size}, learning_rate ${hp.learning_rate}, epochs ${hp.epochs}, batch sampler ${hp.batch_sampler}`);
  for (const x of task.examples) lines.push(`  Example: ${x.hub}${x.subset ? ` (${x.subset})` : ''}: ${x.note}`);
  return lines.join('\n');
}
