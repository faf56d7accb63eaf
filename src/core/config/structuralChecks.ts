import { isMap, isSeq, visit } from 'yaml';
import type { Node } from 'yaml';
import type { z } from 'zod';
import { configSchema } from './schema';
import type { Diagnostic } from './diagnostic';
import { listWords, nearest } from './nearest';
import type { Path, YamlDoc } from './yamlDoc';
import { knownKeys } from './schemaKeys';

/** YAML syntax errors and warnings, at their positions. */
export function yamlDiagnostics(y: YamlDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const e of y.doc.errors) {
    const duplicate = e.code === 'DUPLICATE_KEY';
    out.push({
      severity: 'error',
      code: duplicate ? 'duplicate-key' : 'yaml-syntax',
      message: duplicate ? 'This key appears twice in the same mapping; keep one.' : `YAML syntax: ${firstLine(e.message)}`,
      range: y.range(e.pos[0], e.pos[1]),
    });
  }
  for (const w of y.doc.warnings) {
    out.push({ severity: 'warning', code: 'yaml-warning', message: `YAML: ${firstLine(w.message)}`, range: y.range(w.pos[0], w.pos[1]) });
  }
  visit(y.doc, {
    Pair: (_key, pair) => {
      const key = pair.key as Node | null;
      if (!(isMap(key) || isSeq(key)) || !key.range) return;
      out.push({ severity: 'error', code: 'key-not-a-name', message: `A key must be a plain name such as \`task:\`, not a ${isMap(key) ? 'mapping' : 'list'}; write the key as a single word.`, range: y.range(key.range[0], key.range[1]) });
    },
  });
  return out;
}

/** Unknown keys, wrong types, missing keys and out-of-range numbers, from the zod schema. */
export function schemaDiagnostics(y: YamlDoc, value: unknown): Diagnostic[] {
  if (value === null || value === undefined) {
    return [{ severity: 'error', code: 'empty-config', message: 'The config is empty. Run "Fine-tune Embeddings: New Config..." or `finetune-embeddings init --task T` for a starter.', range: y.firstLine() }];
  }
  const result = configSchema.safeParse(value);
  if (result.success) return [];
  return flatIssues(result.error.issues, value).flatMap((issue) => issueToDiagnostics(y, value, issue));
}

/**
 * A union such as `model: id | { id, revision, ... }` reports one "invalid_union" for a value
 * that has the right shape but a wrong field: replace it with the issues of the branch of the
 * value's own shape (an object -> the object branch), so the message names the field.
 */
export function flatIssues(issues: readonly z.core.$ZodIssue[], root: unknown): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union') return [issue];
    const branch = issue.errors.find((errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0));
    const actual = valueAt(root, issue.path.filter((p): p is string | number => typeof p !== 'symbol'));
    if (!branch || branch.length === 0 || actual === null || typeof actual !== 'object') return [issue];
    return flatIssues(branch.map((e) => ({ ...e, path: [...issue.path, ...e.path] }) as z.core.$ZodIssue), root);
  });
}

function issueToDiagnostics(y: YamlDoc, root: unknown, issue: z.core.$ZodIssue): Diagnostic[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  const where = path.length ? path.join('.') : 'the config';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKey(y, path, key));
    case 'invalid_type': {
      const actual = valueAt(root, path);
      if (actual === undefined) {
        return [{ severity: 'error', code: 'missing-key', message: missingMessage(path), range: y.keyRange(path) }];
      }
      return [{ severity: 'error', code: 'invalid-type', message: typeMessage(where, issue.expected, actual, issue.message), range: y.valueRange(path) }];
    }
    case 'too_small':
    case 'too_big':
    case 'not_multiple_of':
    case 'custom':
      return [{ severity: 'error', code: 'out-of-range', message: withGot(issue.message, valueAt(root, path)), range: y.valueRange(path) }];
    case 'invalid_value':
      return [{ severity: 'error', code: 'invalid-value', message: withGot(issue.message, valueAt(root, path)), range: y.valueRange(path) }];
    case 'invalid_union': {
      const actual = valueAt(root, path);
      if (actual === undefined) return [{ severity: 'error', code: 'missing-key', message: missingMessage(path), range: y.keyRange(path) }];
      const message = nonFinite(actual) ? nonFiniteMessage(where, actual as number) : `${where}: ${issue.message}`;
      return [{ severity: 'error', code: 'invalid-type', message, range: y.valueRange(path) }];
    }
    default:
      return [{ severity: 'error', code: 'invalid-value', message: `${where}: ${issue.message}`, range: y.valueRange(path) }];
  }
}

function unknownKey(y: YamlDoc, parent: Path, key: string): Diagnostic {
  const keys = knownKeys(parent);
  const guess = nearest(key, keys);
  const range = y.keyRange([...parent, key]);
  const where = parent.length ? `under ${parent.join('.')}` : 'at the top level';
  return {
    severity: 'warning',
    code: 'unknown-key',
    message: guess
      ? `Unknown key "${key}" ${where}. Did you mean "${guess}"?`
      : `Unknown key "${key}" ${where}; it is ignored. Known keys: ${listWords(keys)}.`,
    range,
    fixes: guess ? [{ title: `Rename to "${guess}"`, range, newText: guess }] : undefined,
  };
}

function missingMessage(path: Path): string {
  const key = String(path[path.length - 1]);
  const hints: Record<string, string> = {
    task: 'Add `task:` with one of duplicate-classification, information-retrieval, semantic-similarity, triplet, paraphrase-mining.',
    model: 'Add `model:` with a base model, e.g. BAAI/bge-base-en-v1.5.',
    dataset: 'Add a `dataset:` section with `hub:` (a Hub dataset id) or `path:` (a local file) and its `columns:`.',
  };
  return `Missing required key "${path.join('.')}". ${hints[key] ?? ''}`.trim();
}

/** .inf, -.inf and .nan parse as numbers that no numeric setting accepts. */
function nonFinite(value: unknown): boolean {
  return typeof value === 'number' && !Number.isFinite(value);
}

function nonFiniteMessage(where: string, actual: number): string {
  return `${where} must be a finite number, not ${actual} (YAML reads .inf, .nan and numbers beyond ±1.8e308 as non-finite numbers).`;
}

function typeMessage(where: string, expected: string, actual: unknown, schemaMessage: string): string {
  if (nonFinite(actual)) return nonFiniteMessage(where, actual as number);
  if (!schemaMessage.startsWith('Invalid input')) return `${schemaMessage} (got ${describe(actual)}).`;
  return `${where} must be ${article(expected)}, not ${describe(actual)}.`;
}

function withGot(message: string, actual: unknown): string {
  return actual === undefined ? `${message}.` : `${message} (got ${describe(actual)}).`;
}

function article(expected: string): string {
  const names: Record<string, string> = { object: 'a mapping (key: value lines)', array: 'a list', string: 'a string', number: 'a number', boolean: 'true or false', record: 'a mapping' };
  return names[expected] ?? expected;
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

export function valueAt(root: unknown, path: Path): unknown {
  let cur: unknown = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
