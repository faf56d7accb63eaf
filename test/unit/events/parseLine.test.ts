import { describe, expect, it } from 'vitest';
import { parseEventJson, parseLine } from '../../../src/core/events/parseLine';
import { EVENT_MARKER } from '../../../src/core/events/protocol';

const phase = { v: 1, run_id: 'r', seq: 3, ts: '2026-01-01T00:00:00.000Z', type: 'phase', phase: 'training' };
const marked = (value: unknown) => `${EVENT_MARKER}${JSON.stringify(value)}`;

describe('parseLine', () => {
  it('reads an event behind the marker', () => {
    expect(parseLine(marked(phase))).toEqual({ kind: 'event', event: phase });
  });

  it('treats unmarked lines as library output', () => {
    expect(parseLine('{"type":"phase"}')).toEqual({ kind: 'log', text: '{"type":"phase"}' });
    expect(parseLine('')).toEqual({ kind: 'log', text: '' });
    expect(parseLine('@@fte@@{"no":"space"}')).toEqual({ kind: 'log', text: '@@fte@@{"no":"space"}' });
  });

  it('finds the marker after other text on the same line', () => {
    const line = `Map: 100%|####|\r${marked(phase)}`;
    expect(parseLine(line)).toEqual({ kind: 'event', event: phase });
  });

  it('strips unknown fields (forward compatible within a version)', () => {
    const result = parseLine(marked({ ...phase, added_later: 1 }));
    expect(result).toEqual({ kind: 'event', event: phase });
  });

  it('reports invalid marked lines with a reason, never throws', () => {
    const cases: Array<[string, RegExp]> = [
      [`${EVENT_MARKER}{"v":1,`, /not JSON/],
      [`${EVENT_MARKER}NaN`, /not JSON/],
      [`${EVENT_MARKER}{"v":1,"x":NaN}`, /not JSON/],
      [marked({ ...phase, v: 2 }), /protocol version 2/],
      [marked({ ...phase, type: 'mystery' }), /type/],
      [marked({ ...phase, phase: 'sleeping' }), /phase/],
      [marked({ ...phase, seq: 0 }), /seq/],
      [marked([1, 2]), /root|type/],
      [marked(null), /.+/],
    ];
    for (const [line, reason] of cases) {
      const result = parseLine(line);
      expect(result.kind, line).toBe('invalid');
      if (result.kind === 'invalid') {
        expect(result.reason).toMatch(reason);
        expect(result.text).toBe(line);
      }
    }
  });

  it('parses events.jsonl lines (no marker)', () => {
    expect(parseEventJson(JSON.stringify(phase))).toEqual({ kind: 'event', event: phase });
  });
});
