import { describe, expect, it } from 'vitest';
import { answeredIn } from '../../../src/core/model/tryModel';

describe('Try it timing', () => {
  it('reports the wall time of each query (loading and queueing included), with the search time inside it', () => {
    // Two queries the server answers in ~109 ms each, one of which waited 11 s for the models to load.
    expect(answeredIn(11_234, [{ result: { query_ms: 109 } }])).toBe('Answered in 11234 ms (search 109 ms).');
    expect(answeredIn(131, [{ result: { query_ms: 109 } }])).toBe('Answered in 131 ms (search 109 ms).');
    expect(answeredIn(40, [{ result: null }, { result: { query_ms: 12 } }])).toBe('Answered in 40 ms (search 12 ms).');
  });
});
