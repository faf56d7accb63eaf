import type { FinetuneConfig } from './schema';

/** `model:` is a Hub id / folder, or an object with loading options: the id either way. */
export function modelIdOf(model: FinetuneConfig['model'] | unknown): string | undefined {
  if (typeof model === 'string') return model;
  if (model && typeof model === 'object' && typeof (model as { id?: unknown }).id === 'string') return (model as { id: string }).id;
  return undefined;
}

/** The path of the id inside the config: ['model'] or ['model', 'id']. */
export function modelIdPath(model: unknown): ['model'] | ['model', 'id'] {
  return typeof model === 'string' ? ['model'] : ['model', 'id'];
}
