import { isSymmetricTask, modelFamily } from '../../catalog/modelFamilies';
import type { CheckContext } from './context';
import { obj, report, str } from './context';

/** A YAML flow mapping of the family's prompts, for a Quick Fix (JSON strings are valid YAML). */
function flow(entries: Record<string, string>): string {
  return `{ ${Object.entries(entries).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')} }`;
}

/**
 * `prompts:` keys that fit the task's shape, and a family that needs prefixes (e5, nomic, ...)
 * not trained without them by accident: a warning with a Quick Fix that writes the family's.
 */
export function checkPrompts(ctx: CheckContext): void {
  const prompts = obj(ctx, ['prompts']);
  const task = str(ctx, ['task']);
  const model = str(ctx, ['model']) ?? str(ctx, ['model', 'id']);
  if (!prompts || !task || !ctx.task) return;
  const symmetric = isSymmetricTask(task);
  for (const key of symmetric ? ['query', 'document'] : ['prompt']) {
    if (prompts[key] === undefined) continue;
    report(ctx, 'warning', 'prompt-key-for-other-task', ['prompts', key], symmetric
      ? `prompts.${key} is for retrieval and triplet tasks; ${task} compares texts of one kind and uses prompts.prompt (one prompt for every text). It is ignored here.`
      : `prompts.prompt is for symmetric tasks; ${task} uses prompts.query (anchor) and prompts.document (positive, negative). It is ignored here.`, { on: 'key' });
  }
  const family = model ? modelFamily(model) : undefined;
  if (!family?.needsPrompts || !family.prompts) return;
  const want: Record<string, string> = symmetric ? { prompt: family.prompts.symmetric } : { query: family.prompts.query, document: family.prompts.document };
  const missing = Object.entries(want).filter(([k, v]) => v && !(typeof prompts[k] === 'string' && prompts[k]));
  if (missing.length === 0) return;
  report(ctx, 'warning', 'prompts-missing-for-family', ['prompts'],
    `${family.title} models were trained with prefixes (${missing.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')}); `
    + `without them training starts from a worse model and the saved model is encoded differently from how it was trained. ${family.note} `
    + 'Remove `prompts:` to use the model\'s own prompts, or set them.',
    { fix: { title: `Use ${family.title}'s prompts`, newText: flow(want) } });
}
