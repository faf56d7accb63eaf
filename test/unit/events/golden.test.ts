/**
 * Contract: every golden stream written by the Python emitter (gpu-templates/golden, produced
 * by golden/generate.py) parses with zero invalid lines through the TypeScript splitter and
 * parser. The JSON Schema those events are validated against in Python is the one
 * schema.test.ts proves equal to this zod protocol.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/core/events/lineSplitter';
import { parseLine } from '../../../src/core/events/parseLine';
import type { RunEvent } from '../../../src/core/events/protocol';
import { summarize } from '../../../src/core/events/reducer';

const GOLDEN = join(__dirname, '../../../gpu-templates/golden');
const files = readdirSync(GOLDEN).filter((f) => f.endsWith('.jsonl')).sort();

function parseStream(text: string) {
  const splitter = new LineSplitter();
  const lines = [...splitter.push(text), ...splitter.flush()];
  const parsed = lines.map(parseLine);
  return {
    events: parsed.flatMap((p) => (p.kind === 'event' ? [p.event] : [])),
    logs: parsed.filter((p) => p.kind === 'log').length,
    invalid: parsed.filter((p) => p.kind === 'invalid'),
  };
}

function goldenEvents(name: string): RunEvent[] {
  return parseStream(readFileSync(join(GOLDEN, name), 'utf8')).events;
}

describe('golden streams', () => {
  it('has the five streams', () => {
    expect(files).toEqual(['collapse-warning.jsonl', 'completed.jsonl', 'failed-oom.jsonl', 'hard-negatives.jsonl', 'resumed.jsonl']);
  });

  for (const file of files) {
    it(`${file}: every marked line is a valid event, noise is log`, () => {
      const { events, logs, invalid } = parseStream(readFileSync(join(GOLDEN, file), 'utf8'));
      expect(invalid).toEqual([]);
      expect(logs).toBeGreaterThan(0);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    });
  }

  it('fold into the expected summaries', () => {
    const completed = summarize(goldenEvents('completed.jsonl'));
    expect(completed.state).toBe('completed');
    expect(completed.completed?.deltas['eval_dev_cosine_ap']).toBeCloseTo(0.0519, 4);
    expect(completed.best).toEqual({ step: 300, value: 0.87 });

    const failed = summarize(goldenEvents('failed-oom.jsonl'));
    expect(failed.state).toBe('failed');
    expect(failed.error?.category).toBe('out_of_memory');

    const collapsed = summarize(goldenEvents('collapse-warning.jsonl'));
    expect(collapsed.warnings.map((w) => w.code)).toEqual(['empty_rows', 'collapsed_loss', 'nan_loss']);
    expect(collapsed.series.loss.at(-1)?.value).toBeNull();

    const mined = summarize(goldenEvents('hard-negatives.jsonl'));
    expect(mined.state).toBe('completed');
    expect(mined.hardNegatives).toMatchObject({ rows: 960, filled_rows: 148, columns: ['anchor', 'positive', 'negative_1'] });
    expect(mined.warnings.map((w) => w.code)).toEqual(['hard_negatives_filled']);

    const resumed = summarize(goldenEvents('resumed.jsonl'));
    expect(resumed.attempts).toBe(2);
    expect(resumed.state).toBe('completed');
    const steps = resumed.series.loss.map((p) => p.step);
    expect(steps).toEqual([...steps].sort((a, b) => a - b)); // the stale step-250 log of attempt 1 is gone
    expect(new Set(steps).size).toBe(steps.length);
  });
});
