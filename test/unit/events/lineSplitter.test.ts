import { describe, expect, it } from 'vitest';
import { LineSplitter, splitLines } from '../../../src/core/events/lineSplitter';

/** Deterministic PRNG so a failure reproduces. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function chunked(text: string, random: () => number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length;) {
    const n = 1 + Math.floor(random() * 40);
    chunks.push(text.slice(i, i + n));
    i += n;
  }
  return chunks;
}

describe('LineSplitter', () => {
  it('keeps a partial tail until its newline arrives', () => {
    const s = new LineSplitter();
    expect(s.push('ab')).toEqual([]);
    expect(s.pending).toBe(2);
    expect(s.push('c\nde')).toEqual(['abc']);
    expect(s.push('\n\n')).toEqual(['de', '']);
    expect(s.flush()).toEqual([]);
  });

  it('handles \\r\\n, also when split between chunks', () => {
    const s = new LineSplitter();
    expect(s.push('a\r')).toEqual([]);
    expect(s.push('\nb\r\nc')).toEqual(['a', 'b']);
    expect(s.flush()).toEqual(['c']);
  });

  it('keeps a lone \\r (progress bars) inside the line', () => {
    expect(splitLines('10%\r20%\rdone\n')).toEqual(['10%\r20%\rdone']);
  });

  it('gives the same lines for any chunking', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(i % 17)}`);
    const text = lines.map((l, i) => (i % 3 === 0 ? `${l}\r\n` : `${l}\n`)).join('') + 'tail without newline';
    for (let seed = 1; seed <= 50; seed++) {
      const s = new LineSplitter();
      const out = chunked(text, rng(seed)).flatMap((c) => s.push(c));
      out.push(...s.flush());
      expect(out).toEqual([...lines, 'tail without newline']);
    }
  });

  it('handles multi-byte text', () => {
    expect(splitLines('héllo ✓\nwörld')).toEqual(['héllo ✓', 'wörld']);
  });
});
