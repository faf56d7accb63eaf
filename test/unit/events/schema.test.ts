/**
 * gpu-templates/events.schema.json is generated from the zod protocol. This test fails when
 * the two drift; regenerate with `UPDATE_EVENTS_FIXTURES=1 npx vitest run test/unit/events/schema.test.ts`
 * (then run the Python tests, which validate the emitter against that file).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { runEventSchema } from '../../../src/core/events/protocol';

const SCHEMA_PATH = join(__dirname, '../../../gpu-templates/events.schema.json');

export function generatedSchemaText(): string {
  return `${JSON.stringify(z.toJSONSchema(runEventSchema, { target: 'draft-2020-12' }), null, 2)}\n`;
}

describe('events.schema.json', () => {
  it('is exactly what the zod protocol generates', () => {
    const generated = generatedSchemaText();
    if (process.env.UPDATE_EVENTS_FIXTURES === '1') writeFileSync(SCHEMA_PATH, generated);
    expect(readFileSync(SCHEMA_PATH, 'utf8')).toBe(generated);
  });

  it('is draft 2020-12 with one strict $def per event type', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as {
      $schema: string;
      oneOf: Array<{ $ref: string }>;
      $defs: Record<string, { additionalProperties: unknown; required: string[] }>;
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const types = schema.oneOf.map((r) => r.$ref.replace('#/$defs/', ''));
    expect(types).toEqual(expect.arrayContaining([
      'run_started', 'phase', 'dataset', 'baseline', 'train_log', 'eval', 'checkpoint', 'warning', 'completed', 'error',
      'trial_started', 'trial_report', 'trial_finished', 'sweep_best', 'sweep_completed',
    ]));
    for (const t of types) {
      expect(schema.$defs[t]?.additionalProperties).toBe(false);
      expect(schema.$defs[t]?.required).toEqual(expect.arrayContaining(['v', 'run_id', 'seq', 'ts', 'type']));
    }
  });
});
