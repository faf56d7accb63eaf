import { describe, expect, it } from 'vitest';
import { parseSynthProgress, progressText } from '../../../src/core/synthesize/progressLine';

describe('synthesize progress lines', () => {
  it('reads counts, rate and ETA as synthesize.py prints them', () => {
    const p = parseSynthProgress('[fte] generating queries: 50/100 (25.0/s, ETA 2 s)');
    expect(p).toEqual({ stage: 'generating queries', done: 50, total: 100, rate: 25, etaSeconds: 2 });
    expect(progressText(p!)).toBe('generating queries 50/100 · 25.0/s · about 2 s left');
    expect(progressText(parseSynthProgress('encoding chunks and queries (new ones only): 10/9000 (1.5/s, ETA 5993 s)')!))
      .toBe('encoding chunks and queries (new ones only) 10/9000 · 1.5/s · about 100 min left');
    expect(parseSynthProgress('[fte] generating queries: 0/6')).toEqual({ stage: 'generating queries', done: 0, total: 6 });
    expect(parseSynthProgress('[fte] encoding: 3/9 (0.0/s, ETA ?)')).toEqual({ stage: 'encoding', done: 3, total: 9, rate: 0 });
  });

  it('ignores library noise', () => {
    expect(parseSynthProgress('fte: loading all-MiniLM-L6-v2 from its packaged copy')).toBeUndefined();
    expect(parseSynthProgress('Loading weights: 100%|██████████| 103/103')).toBeUndefined();
  });
});
