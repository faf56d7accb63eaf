/** The fields every event carries, and the helper that defines one event type. */
import * as z from 'zod';

/** Bump on a breaking change; a consumer rejects events of another version as invalid. */
export const PROTOCOL_VERSION = 1;
/** Fixed prefix (note the trailing space) so library noise on stdout is never taken for an event. */
export const EVENT_MARKER = '@@fte@@ ';

export const baseShape = {
  v: z.literal(PROTOCOL_VERSION).meta({ description: 'Protocol version.' }),
  run_id: z.string().min(1),
  seq: z.int().min(1).meta({ description: 'Monotonic per run from 1; a resumed run continues the numbering.' }),
  ts: z.iso.datetime().meta({ description: 'UTC time, ISO 8601 with Z.' }),
};

/** An event schema: the base fields, `type`, and its own fields; `id` names it in the JSON Schema's $defs. */
export function defineEvent<T extends string, S extends z.ZodRawShape>(type: T, shape: S, description: string) {
  return z.object({ ...baseShape, type: z.literal(type), ...shape }).meta({ id: type, description });
}
