import type { ColumnSpec } from './types';

/** A role's column as guessed from a dataset's header and first rows, and why, in words the panel shows. */
export interface ColumnGuess {
  column: string;
  reason: string;
}

/** Column names that say their role (lower case, spaces and dashes as underscores). */
const NAMES: Record<string, readonly string[]> = {
  anchor: ['anchor', 'query', 'queries', 'question', 'questions', 'q', 'search', 'prompt', 'title', 'premise'],
  positive: ['positive', 'pos', 'answer', 'answers', 'passage', 'passages', 'document', 'doc', 'context', 'response', 'hypothesis', 'paraphrase'],
  negative: ['negative', 'neg', 'hard_negative', 'negative_passage'],
  text1: ['text1', 'text_1', 'text_a', 'sentence1', 'sentence_1', 'sentence_a', 'question1', 'q1', 's1', 'premise'],
  text2: ['text2', 'text_2', 'text_b', 'sentence2', 'sentence_2', 'sentence_b', 'question2', 'q2', 's2', 'hypothesis'],
  label: ['label', 'labels', 'is_duplicate', 'duplicate', 'is_paraphrase', 'quality', 'target', 'y'],
  score: ['score', 'similarity', 'relatedness', 'relatedness_score', 'rating', 'sim'],
};

const norm = (name: string): string => name.trim().toLowerCase().replace(/[\s-]+/g, '_');

type Kind = ColumnSpec['kind'];

/** What a column's values look like in the preview rows: 0/1 labels, numbers, or text (with its mean length). */
function profile(values: string[]): { kind: Kind | 'number'; length: number } {
  const filled = values.map((v) => v.trim()).filter((v) => v !== '');
  const length = filled.reduce((s, v) => s + v.length, 0) / Math.max(1, filled.length);
  if (filled.length === 0) return { kind: 'text', length };
  if (filled.every((v) => v === '0' || v === '1')) return { kind: 'label', length };
  if (filled.every((v) => Number.isFinite(Number(v)))) return { kind: filled.every((v) => Number(v) >= 0 && Number(v) <= 1) ? 'score' : 'number', length };
  return { kind: 'text', length };
}

const fits = (want: Kind, got: Kind | 'number'): boolean => want === got || (want === 'score' && (got === 'label' || got === 'number')) || (want === 'label' && got === 'score');

/**
 * Maps a task's column roles to a dataset's columns: first by name ("question" is an anchor),
 * then by the values' type (0/1 is a label, a number in [0, 1] a score), then the text columns
 * left over in order, the shorter texts as queries where a role is a query. Each guess says why;
 * a role with no fitting column stays unmapped. Never maps one column to two roles.
 */
export function guessColumns(specs: readonly ColumnSpec[], columns: readonly string[], rows: readonly (readonly string[])[]): Record<string, ColumnGuess> {
  const out: Record<string, ColumnGuess> = {};
  const used = new Set<string>();
  const profiles = new Map(columns.map((c, i) => [c, profile(rows.map((r) => r[i] ?? ''))]));
  const take = (role: string, column: string, reason: string) => {
    out[role] = { column, reason };
    used.add(column);
  };
  // 1. The exact role name (its values are the checks' business: "label" holding yes/no gets a
  //    label_map fix there), then a synonym when the values fit the role's kind.
  for (const spec of specs) {
    const byName = columns.find((c) => !used.has(c) && norm(c) === spec.role)
      ?? columns.find((c) => !used.has(c) && (NAMES[spec.role] ?? []).includes(norm(c)) && fits(spec.kind, profiles.get(c)!.kind));
    if (byName) take(spec.role, byName, 'guessed from the column name');
  }
  // 2. Labels and scores from their values.
  for (const spec of specs) {
    if (out[spec.role] || spec.kind === 'text') continue;
    const byType = columns.find((c) => !used.has(c) && fits(spec.kind, profiles.get(c)!.kind));
    if (byType) take(spec.role, byType, spec.kind === 'label' ? 'guessed from the values (all 0 or 1)' : 'guessed from the values (numbers in [0, 1])');
  }
  // 3. Required text roles from the text columns left, in order; a query takes the shortest.
  const texts = () => columns.filter((c) => !used.has(c) && profiles.get(c)!.kind === 'text');
  for (const spec of specs) {
    if (out[spec.role] || spec.kind !== 'text' || !spec.required) continue;
    const left = texts();
    if (left.length === 0) break;
    if (spec.role === 'anchor' && specs.some((s) => s.role === 'positive' && !out.positive)) {
      const shortest = [...left].sort((a, b) => profiles.get(a)!.length - profiles.get(b)!.length)[0]!;
      take(spec.role, shortest, 'guessed: the shortest texts, like queries');
    } else take(spec.role, left[0]!, left.length === 1 ? 'guessed: the text column left' : 'guessed: the next text column');
  }
  return out;
}
