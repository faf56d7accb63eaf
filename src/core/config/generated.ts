import { z } from 'zod';
import { configSchema } from './schema';

/** JSON Schema for Red Hat YAML users, generated from the one zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'Fine-tune Embeddings config (*.finetune.yaml)',
  };
}
