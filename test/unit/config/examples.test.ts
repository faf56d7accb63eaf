import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/core/config/validate';
import { BROKEN_DIR, EXAMPLES_DIR, applyFixes, configFiles, fsOptions, read, show } from './fixtureUtil';

describe('examples', () => {
  const examples = configFiles(EXAMPLES_DIR);

  it('has one example per task at least', () => {
    const tasks = new Set(examples.map((f) => /^task:\s*(\S+)/m.exec(read(f))?.[1]));
    expect([...tasks].sort()).toEqual(['duplicate-classification', 'information-retrieval', 'paraphrase-mining', 'semantic-similarity', 'triplet']);
  });

  it.each(examples.map((f) => [basename(f), f]))('%s validates with zero diagnostics', (_n, file) => {
    // A synthesize example warns until its pairs are written (a fresh checkout has none): that warning only.
    const { diagnostics } = validateConfig(read(file), fsOptions(file));
    const left = diagnostics.filter((d) => d.code !== 'synthesize-not-run');
    expect(left, show(left)).toEqual([]);
    expect(diagnostics.length - left.length).toBeLessThanOrEqual(/^\s+synthesize:/m.test(read(file)) ? 1 : 0);
  });

  it('a synthesize example warns until its pairs exist, and only then', () => {
    const file = examples.find((f) => /^\s+synthesize:/m.test(read(f)))!;
    const codes = (exists: boolean) => validateConfig(read(file), { ...fsOptions(file), fileExists: (p) => exists || !p.includes('synthetic') })
      .diagnostics.map((d) => d.code);
    expect(codes(false)).toEqual(['synthesize-not-run']);
    expect(codes(true)).toEqual([]);
  });

  it('a local-dataset example is checked against the file system', () => {
    const file = examples.find((f) => /^\s*path:/m.test(read(f)) && !/synthesize:/.test(read(f)))!;
    expect(file).toBeDefined();
    const { diagnostics } = validateConfig(read(file), { ...fsOptions(file), fileExists: () => false });
    expect(diagnostics.map((d) => d.code)).toEqual(['dataset-path-not-found']);
  });
});

describe('quick fixes', () => {
  /** Fixture -> the code whose fix must repair the file completely (no error left). */
  const required: [string, string][] = [
    ['loss-task-mismatch-mnrl', 'loss-task-mismatch'],
    ['loss-task-mismatch-contrastive', 'loss-task-mismatch'],
    ['evaluator-task-mismatch', 'evaluator-task-mismatch'],
    ['evaluator-task-mismatch-ir', 'evaluator-task-mismatch'],
    ['unknown-key-top-near-miss', 'unknown-key'],
    ['unknown-key-nested-near-miss', 'unknown-key'],
    ['unknown-task', 'unknown-task'],
    ['unknown-gpu-near-miss', 'unknown-gpu'],
    ['unknown-loss', 'unknown-loss'],
    ['unknown-evaluator', 'unknown-evaluator'],
    ['unknown-loss-arg-near-miss', 'unknown-loss-arg'],
    ['bf16-on-t4', 'bf16-unsupported'],
    ['sweep-unknown-param', 'sweep-unknown-param'],
    ['sweep-int-param', 'sweep-int-param'],
    ['unexpected-column-role-label-for-score', 'unexpected-column-role'],
  ];

  it.each(required)('%s: the %s fix repairs the config', (name, code) => {
    const file = `${BROKEN_DIR}/${name}.finetune.yaml`;
    const text = read(file);
    const before = validateConfig(text, fsOptions(file)).diagnostics;
    const target = before.find((d) => d.code === code);
    expect(target?.fixes?.length, show(before)).toBe(1);
    const fixed = applyFixes(text, target!.fixes!);
    expect(fixed).not.toBe(text);
    const after = validateConfig(fixed, fsOptions(file)).diagnostics;
    expect(after.filter((d) => d.code === code), show(after)).toEqual([]);
    expect(after.filter((d) => d.severity !== 'info'), show(after)).toEqual([]);
  });

  it('the mismatch fix picks the recommended name', () => {
    const file = `${BROKEN_DIR}/loss-task-mismatch-mnrl.finetune.yaml`;
    const d = validateConfig(read(file), fsOptions(file)).diagnostics.find((x) => x.code === 'loss-task-mismatch')!;
    expect(d.fixes![0]!.newText).toBe('OnlineContrastiveLoss');
    expect(d.message).toContain('ContrastiveLoss');
    expect(d.message).toContain('MultipleNegativesRankingLoss');
  });

  it('every fix offered anywhere in the corpus removes its own diagnostic', () => {
    let applied = 0;
    for (const file of configFiles(BROKEN_DIR)) {
      const text = read(file);
      for (const d of validateConfig(text, fsOptions(file)).diagnostics) {
        if (!d.fixes?.length) continue;
        const fixed = applyFixes(text, d.fixes);
        const after = validateConfig(fixed, fsOptions(file)).diagnostics;
        const same = after.filter((x) => x.code === d.code && x.range.start.line === d.range.start.line);
        expect(same, `${basename(file)}: ${d.code}\n${show(after)}`).toEqual([]);
        applied++;
      }
    }
    expect(applied).toBeGreaterThanOrEqual(15);
  });

  it('unknown keys without a near miss list the known keys and offer no fix', () => {
    const file = `${BROKEN_DIR}/unknown-key-flow.finetune.yaml`;
    const d = validateConfig(read(file), fsOptions(file)).diagnostics.find((x) => x.code === 'unknown-key')!;
    expect(d.fixes).toBeUndefined();
    expect(d.message).toContain('optimizer');
    expect(d.message).toContain('learning_rate');
  });
});

describe('line endings', () => {
  it('CRLF examples validate clean and CRLF fixtures report the same codes on the same lines', () => {
    for (const file of configFiles(EXAMPLES_DIR)) {
      // As with LF: a synthesize example warns only that its pairs are not written yet (a fresh checkout).
      const lf = validateConfig(read(file), fsOptions(file)).diagnostics.map((d) => `${d.severity} ${d.code} ${d.range.start.line}`);
      const { diagnostics } = validateConfig(read(file).replace(/\n/g, '\r\n'), fsOptions(file));
      expect(diagnostics.filter((d) => d.code !== 'synthesize-not-run'), `${basename(file)}\n${show(diagnostics)}`).toEqual([]);
      expect(diagnostics.map((d) => `${d.severity} ${d.code} ${d.range.start.line}`), basename(file)).toEqual(lf);
    }
    for (const file of configFiles(BROKEN_DIR)) {
      const lf = validateConfig(read(file), fsOptions(file)).diagnostics.map((d) => `${d.severity} ${d.code} ${d.range.start.line}`);
      const crlf = validateConfig(read(file).replace(/\n/g, '\r\n'), fsOptions(file)).diagnostics.map((d) => `${d.severity} ${d.code} ${d.range.start.line}`);
      expect(crlf, basename(file)).toEqual(lf);
    }
  });
});
