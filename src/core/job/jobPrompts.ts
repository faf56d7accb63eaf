import { isSymmetricTask, modelFamily } from '../catalog/modelFamilies';
import type { FinetuneConfig } from '../config/schema';
import type { JobPrompts } from './jobSpec';

/** The job spec's prompts: the config's when it has `prompts:`, else the model family's (see JobPrompts). */
export function jobPrompts(p: FinetuneConfig['prompts'], model: string, task: string): JobPrompts {
  const symmetric = isSymmetricTask(task);
  if (p) {
    if (symmetric) return { symmetric, query: p.prompt ?? '', document: p.prompt ?? '', source: 'config' };
    return { symmetric, query: p.query ?? '', document: p.document ?? '', source: 'config' };
  }
  const family = modelFamily(model)?.prompts;
  const [query, document] = !family ? ['', ''] : symmetric ? [family.symmetric, family.symmetric] : [family.query, family.document];
  if (!query && !document) return { symmetric, query: null, document: null, source: 'none' };
  return { symmetric, query, document, source: 'catalog' };
}
