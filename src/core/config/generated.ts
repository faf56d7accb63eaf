import { z } from 'zod';
import { TASKS } from '../catalog/tasks';
import { configSchema } from './schema';
import { starterConfig } from './starter';

/** JSON Schema for Red Hat YAML users, generated from the one zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Fine-tune Embeddings config (*.finetune.yaml)',
  };
}

/** One snippet per task, from the same starter text as `init` and "New Config...". */
export function configSnippets(): Record<string, { prefix: string; description: string; body: string[] }> {
  return Object.fromEntries(TASKS.map((t) => [
    `Fine-tune config: ${t.id}`,
    { prefix: `finetune-${t.id}`, description: `${t.title}: ${t.oneLiner}`, body: starterConfig(t.id).replace(/[$}\\]/g, (c) => `\\${c}`).split('\n') },
  ]));
}
