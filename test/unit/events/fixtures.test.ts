/**
 * Reverse contract: gpu-templates/tests/fixtures/ts-events.txt is written from tsEvents.ts in
 * the stdout form, and gpu-templates/tests/test_ts_fixtures.py validates it with the Python side.
 * Regenerate with UPDATE_EVENTS_FIXTURES=1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EVENT_MARKER } from '../../../src/core/events/protocol';
import { parseLine } from '../../../src/core/events/parseLine';
import { tsEvents } from './tsEvents';

const FIXTURE = join(__dirname, '../../../gpu-templates/tests/fixtures/ts-events.txt');

it('ts-events.txt is the serialised TypeScript fixtures and parses back', () => {
  const lines = ['a library line', ...tsEvents.map((e) => `${EVENT_MARKER}${JSON.stringify(e)}`)];
  const text = `${lines.join('\n')}\n`;
  if (process.env.UPDATE_EVENTS_FIXTURES === '1') writeFileSync(FIXTURE, text);
  expect(readFileSync(FIXTURE, 'utf8')).toBe(text);
  const parsed = lines.map(parseLine);
  expect(parsed[0]).toEqual({ kind: 'log', text: 'a library line' });
  expect(parsed.slice(1)).toEqual(tsEvents.map((event) => ({ kind: 'event', event })));
});
