import { describe, expect, it } from 'vitest';
import { completionsAt } from '../../../src/core/config/completions';
import type { Diagnostic } from '../../../src/core/config/diagnostic';
import { hoverAt } from '../../../src/core/config/hover';
import { validateConfig } from '../../../src/core/config/validate';
import { EXAMPLES_DIR, configFiles, read } from './fixtureUtil';

/** mulberry32: tiny, seedable, good enough to explore inputs reproducibly. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof prng>;

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed2024);
const DOCS = Number(process.env.FUZZ_DOCS ?? 10_000);

const ALPHABET = [...'abcxyz_-:?[]{},#&*!|>\'"%@`\n\n\n    \t.0123456789eE+~/\\\r'];
const KEYS = ['task', 'model', 'dataset', 'hub', 'path', 'subset', 'split', 'test_size', 'sample', 'columns', 'text1', 'text2', 'label', 'score',
  'anchor', 'positive', 'negative', 'loss', 'loss_args', 'margin', 'guide', 'scale', 'evaluator', 'matryoshka', 'training', 'epochs', 'batch_size',
  'learning_rate', 'precision', 'compute', 'gpu', 'backend', 'timeout_minutes', 'output', 'push_to_hub', 'hf_secret', 'sweep', 'space', 'trials',
  'parallel', 'metric', 'sampler', 'type', 'low', 'high', 'log', 'choices', 'step', '<<', '__proto__', 'constructor', 'toString', '""', '? x', '0', '-1'];
const SCALARS = ['duplicate-classification', 'triplet', 'information-retrieval', 'semantic-similarity', 'paraphrase-mining', 'OnlineContrastiveLoss',
  'MultipleNegativesRankingLoss', 'GISTEmbedLoss', 'TripletEvaluator', 'BinaryClassificationEvaluator', 'A10G', 'T4', 'H100:9', 'A10G:0', 'H100:',
  ':', 'bf16', 'auto', 'grid', 'categorical', 'float', 'int', 'data/x.csv', '/abs/missing.parquet', '.inf', '-.inf', '.nan', 'NaN', '1e999',
  '-1e999', '99999999999999999999999999', '0x1F', '0o17', '1_000', '1e-400', '-0', '0', '1', '0.5', '2.0e-5', 'null', '~', 'true', 'false', 'yes',
  '""', "''", '"\\u0000"', '"\\ud800"', '|', '>-', '&a x', '*a', '*nope', '!!str 1', '!!int x', '!!map {}', '!!seq []', '!foo bar', '!!binary aGk=',
  '2024-01-01', '[]', '{}', '[1, 2, [3, {a: b}]]', '{ a: 1, b: [x, y] }', 'é漢字🙂', '\u2028', '\ufeff'];
const LINES = ['---', '...', '%YAML 1.2', '%TAG ! tag:x,2000:', '# comment', '', '- ', '? ', ': ', '<<: *a', '&a', '- - - x'];

function randomChars(r: Rng): string {
  let s = '';
  const n = r.int(r.chance(0.1) ? 2000 : 200);
  for (let i = 0; i < n; i++) s += r.pick(ALPHABET);
  return s;
}

function randomValue(r: Rng, depth: number, indent: number): string {
  const roll = r.next();
  if (depth > 0 && roll < 0.2) {
    const items = Array.from({ length: r.int(4) }, () => `${r.pick(KEYS)}: ${randomValue(r, depth - 1, 0).replace(/\n/g, ' ')}`);
    return `{ ${items.join(', ')}${r.chance(0.1) ? ',' : ''} }`;
  }
  if (depth > 0 && roll < 0.3) {
    return `[${Array.from({ length: r.int(5) }, () => randomValue(r, depth - 1, 0).replace(/\n/g, ' ')).join(', ')}]`;
  }
  if (depth > 0 && roll < 0.45) return `\n${randomBlock(r, depth - 1, indent + r.pick([1, 2, 2, 4]))}`;
  if (roll < 0.5) return `${r.pick(['&a ', '&b ', '!!str ', '!x ', ''])}${r.pick(SCALARS)}`;
  return r.pick(SCALARS);
}

function randomBlock(r: Rng, depth: number, indent: number): string {
  const pad = ' '.repeat(Math.max(0, indent + (r.chance(0.05) ? r.int(3) - 1 : 0)));
  const lines: string[] = [];
  const n = 1 + r.int(6);
  for (let i = 0; i < n; i++) {
    if (r.chance(0.05)) lines.push(pad + r.pick(LINES));
    else if (r.chance(0.15)) lines.push(`${pad}- ${randomValue(r, depth, indent + 2)}`);
    else lines.push(`${pad}${r.pick(KEYS)}:${r.chance(0.05) ? '' : ' '}${randomValue(r, depth, indent + 2)}${r.chance(0.1) ? '  # note' : ''}`);
  }
  return lines.join('\n');
}

function deepNesting(r: Rng): string {
  const depth = 1 + r.int(r.chance(0.03) ? 1500 : 80);
  switch (r.int(4)) {
    case 0: return `task: ${'['.repeat(depth)}x${']'.repeat(r.chance(0.5) ? depth : r.int(depth))}`;
    case 1: return `training: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
    case 2: return Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1';
    default: return Array.from({ length: depth }, (_, i) => `${' '.repeat(2 * i)}- `).join('\n') + 'x';
  }
}

const EXAMPLES = configFiles(EXAMPLES_DIR).map(read);

function mutate(r: Rng, text: string): string {
  let lines = text.split('\n');
  const rounds = 1 + r.int(4);
  for (let k = 0; k < rounds; k++) {
    const i = r.int(lines.length);
    const line = lines[i] ?? '';
    switch (r.int(10)) {
      case 0: lines.splice(i, 1); break;
      case 1: lines.splice(i, 0, line); break;
      case 2: { const j = r.int(lines.length); [lines[i], lines[j]] = [lines[j]!, line]; break; }
      case 3: { const c = r.int(line.length + 1); lines[i] = line.slice(0, c) + r.pick(ALPHABET) + line.slice(c + 1); break; }
      case 4: lines[i] = line.replace(/:\s*(.*)$/, (_m, v: string) => `: ${r.chance(0.5) ? r.pick(SCALARS) : randomValue(r, 2, 2)}${r.chance(0.3) ? ` # was ${v}` : ''}`); break;
      case 5: lines[i] = r.chance(0.5) ? ` ${line}` : line.replace(/^ /, ''); break;
      case 6: lines.splice(i, 0, randomBlock(r, 2, (line.length - line.trimStart().length))); break;
      case 7: lines = lines.slice(0, i).concat(lines.slice(i).map((l) => l.slice(0, r.int(l.length + 1)))).slice(0, i + 1); break;
      case 8: lines[i] = line.replace(/\{ (.*) \}/, (_m, inner: string) => `\n  ${inner.split(', ').join('\n  ')}`); break;
      default: lines[i] = line.replace(/\d+(\.\d+)?(e-?\d+)?/, () => r.pick(['0', '-1', '1e999', '.nan', '9999999', '0.0', '1.5', '-.inf', '"5"'])); break;
    }
  }
  return lines.join('\n');
}

function generate(r: Rng): string {
  const kind = r.int(10);
  if (kind < 2) return randomChars(r);
  if (kind < 4) return randomBlock(r, 4, 0);
  if (kind < 5) return deepNesting(r);
  if (kind < 6) return [randomBlock(r, 2, 0), r.pick(LINES), randomBlock(r, 2, 0)].join('\n');
  return mutate(r, r.pick(EXAMPLES));
}

/** Every diagnostic range must lie inside the document. */
function rangeProblem(text: string, d: Diagnostic): string | undefined {
  const lines = text.split('\n');
  for (const [name, p] of [['start', d.range.start], ['end', d.range.end]] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) return `${name} not integral`;
    if (p.line < 0 || p.line >= lines.length) return `${name}.line ${p.line} outside 0..${lines.length - 1}`;
    if (p.character < 0 || p.character > lines[p.line]!.length + 1) return `${name}.character ${p.character} outside line ${p.line} (length ${lines[p.line]!.length})`;
  }
  const { start, end } = d.range;
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) return 'start after end';
  for (const f of d.fixes ?? []) {
    const inner = rangeProblem(text, { ...d, range: f.range, fixes: undefined });
    if (inner) return `fix range: ${inner}`;
  }
  return undefined;
}

function failure(seed: number, index: number, text: string, why: string): string {
  return `validator property failed (seed ${seed}, doc #${index}; rerun with FUZZ_SEED=${seed}): ${why}\n--- document (JSON) ---\n${JSON.stringify(text)}`;
}

describe('validateConfig on random and mutated documents', () => {
  it(`never throws, never reports internal-error, keeps ranges inside the document (${DOCS} docs)`, () => {
    const r = prng(SEED);
    const codes = new Set<string>();
    let diagnosticsSeen = 0;
    for (let i = 0; i < DOCS; i++) {
      const text = generate(r);
      let diagnostics: Diagnostic[];
      try {
        diagnostics = validateConfig(text, { configDir: '/nonexistent', fileExists: () => false }).diagnostics;
      } catch (err) {
        throw new Error(failure(SEED, i, text, `threw ${(err as Error)?.stack ?? String(err)}`));
      }
      for (const d of diagnostics) {
        codes.add(d.code);
        if (d.code === 'internal-error') throw new Error(failure(SEED, i, text, d.message));
        const problem = rangeProblem(text, d);
        if (problem) throw new Error(failure(SEED, i, text, `${d.code} ${JSON.stringify(d.range)}: ${problem}`));
        if (typeof d.message !== 'string' || d.message.length === 0) throw new Error(failure(SEED, i, text, `${d.code} has no message`));
      }
      diagnosticsSeen += diagnostics.length;
    }
    // The generator must reach both the YAML layer and the semantic checks, or the property says little.
    expect(diagnosticsSeen).toBeGreaterThan(DOCS);
    for (const code of ['yaml-syntax', 'unknown-key', 'invalid-type', 'out-of-range', 'unknown-task', 'missing-key']) expect(codes).toContain(code);
  }, 60_000);

  it('completions and hovers never throw at random offsets of random documents', () => {
    const r = prng(SEED ^ 0xabcdef);
    for (let i = 0; i < 1500; i++) {
      const text = generate(r);
      const offset = r.int(text.length + 1);
      try {
        completionsAt(text, offset);
        const h = hoverAt(text, offset);
        if (h) {
          const problem = rangeProblem(text, { severity: 'info', code: 'hover', message: 'x', range: h.range });
          if (problem) throw new Error(`hover range: ${problem}`);
        }
      } catch (err) {
        throw new Error(failure(SEED ^ 0xabcdef, i, text, `offset ${offset}: ${(err as Error)?.stack ?? String(err)}`));
      }
    }
  }, 60_000);
});
