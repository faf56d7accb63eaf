/**
 * Review before training: a sample of the synthesized queries beside their chunks, with the
 * round-trip filter's verdict (kept ones from the training file, dropped ones from the file of
 * dropped queries beside it), and dropping bad ones, which rewrites the training file and nothing
 * else (the frozen test set and its manifest stay as they are). Pure Node, no vscode.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { ReviewRow, ReviewSample } from '../../protocol/reviewModels';

/** Beside the output: the dropped queries with the filter's verdict (fte/synthesize/output.py). */
export function droppedPath(out: string): string {
  return (out.toLowerCase().endsWith('.jsonl') ? out.slice(0, -6) : out) + '.dropped.jsonl';
}

function readRows(path: string): Array<{ line: number; row: Record<string, unknown> }> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text.split('\n').flatMap((l, i) => {
    if (!l.trim()) return [];
    try {
      const row = JSON.parse(l) as unknown;
      return row && typeof row === 'object' ? [{ line: i + 1, row: row as Record<string, unknown> }] : [];
    } catch {
      return [];
    }
  });
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function toRow(line: number, r: Record<string, unknown>): ReviewRow {
  return {
    line, query: str(r.anchor), chunk: str(r.context) || str(r.positive), source: str(r.source),
    verdict: str(r.verdict) || 'kept', rank: typeof r.rank === 'number' ? r.rank : null,
  };
}

/** Evenly spread picks (deterministic: the same file shows the same sample). */
function spread<T>(xs: T[], n: number): T[] {
  if (xs.length <= n) return xs;
  return Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]!);
}

export function reviewSample(out: string, perKind = 25): ReviewSample {
  const kept = readRows(out);
  const dropped = readRows(droppedPath(out));
  return {
    out, keptTotal: kept.length, droppedTotal: dropped.length,
    kept: spread(kept, perKind).map((k) => toRow(k.line, k.row)),
    dropped: spread(dropped, perKind).map((d) => toRow(d.line, d.row)),
  };
}

export class ReviewStaleError extends Error {
  constructor(out: string) {
    super(`${out} changed since this sample was shown (synthesized again?); nothing was dropped. Review the new sample.`);
    this.name = 'ReviewStaleError';
  }
}

/**
 * Removes the rows at `lines` (1-based) of the training file, each only if it still holds the query
 * the reviewer saw; otherwise nothing is removed. Atomic: a temp file, then rename.
 */
export function dropRows(out: string, picks: Array<{ line: number; query: string }>): number {
  const lines = readFileSync(out, 'utf8').split('\n');
  const gone = new Set<number>();
  for (const p of picks) {
    const text = lines[p.line - 1];
    let anchor: unknown;
    try {
      anchor = text ? (JSON.parse(text) as { anchor?: unknown }).anchor : undefined;
    } catch {
      anchor = undefined;
    }
    if (anchor !== p.query) throw new ReviewStaleError(out);
    gone.add(p.line);
  }
  const tmp = `${out}.review.tmp`;
  writeFileSync(tmp, lines.filter((_, i) => !gone.has(i + 1)).join('\n'));
  renameSync(tmp, out);
  return gone.size;
}
