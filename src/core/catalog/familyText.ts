import { isSymmetricTask, modelFamily } from './modelFamilies';

/** The prompts a model family trains with, for hovers: what `prompts:` defaults to. */
export function familyPromptsText(modelId: string, task: string | undefined): string | undefined {
  const family = modelFamily(modelId);
  if (!family) return undefined;
  const own = family.shipsPrompts ? ' Its published models carry them in their own config, which wins over this list.' : '';
  if (!family.prompts) return `Prompts (${family.title}): none. ${family.note}`;
  const p = family.prompts;
  const shown = task && isSymmetricTask(task)
    ? `prompt ${JSON.stringify(p.symmetric)}`
    : `query ${JSON.stringify(p.query)}, document ${JSON.stringify(p.document)}`;
  return `Prompts (${family.title}): ${shown}, used in training, evaluation, mining, Try it and the saved model unless \`prompts:\` says otherwise. ${family.note}${own}`;
}
