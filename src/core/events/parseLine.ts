import { EVENT_MARKER, PROTOCOL_VERSION, runEventSchema } from './protocol';
import type { RunEvent } from './protocol';

export type ParsedLine =
  | { kind: 'event'; event: RunEvent }
  | { kind: 'log'; text: string }
  | { kind: 'invalid'; text: string; reason: string };

/**
 * Classifies one stdout line. Lines without the marker are library output (`log`); a marked
 * line that is not a valid event is `invalid` with a reason. Never throws. The marker may
 * follow other text on the same line (a library that printed without a newline, or a `\r`
 * progress bar), so it is searched for, not only expected at the start.
 */
export function parseLine(line: string): ParsedLine {
  const at = line.indexOf(EVENT_MARKER);
  if (at < 0) return { kind: 'log', text: line };
  return parseEventJson(line.slice(at + EVENT_MARKER.length), line);
}

/** Parses one event's JSON (an events.jsonl line, no marker). */
export function parseEventJson(json: string, text: string = json): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    return { kind: 'invalid', text, reason: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (typeof value === 'object' && value !== null && 'v' in value && value.v !== PROTOCOL_VERSION) {
    return { kind: 'invalid', text, reason: `unsupported protocol version ${JSON.stringify(value.v)} (expected ${PROTOCOL_VERSION})` };
  }
  const result = runEventSchema.safeParse(value);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    return { kind: 'invalid', text, reason: issues.join('; ') };
  }
  return { kind: 'event', event: result.data };
}
