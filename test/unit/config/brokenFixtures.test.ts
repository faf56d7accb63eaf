import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/core/config/validate';
import { BROKEN_DIR, configFiles, fsOptions, parseExpectations, read, show } from './fixtureUtil';

const files = configFiles(BROKEN_DIR);

/** Every code the validator can emit (grep of src/core/config), except internal-error. */
const ALL_CODES = [
  'yaml-syntax', 'duplicate-key', 'yaml-warning', 'key-not-a-name', 'unknown-key', 'invalid-type', 'missing-key', 'out-of-range', 'invalid-value',
  'empty-config', 'not-a-mapping', 'unknown-task', 'unknown-loss', 'loss-task-mismatch', 'unknown-evaluator', 'evaluator-task-mismatch',
  'missing-columns', 'missing-column-role', 'unexpected-column-role', 'duplicate-column', 'unknown-loss-arg', 'missing-guide-model',
  'small-batch-in-batch-negatives', 'matryoshka-order', 'matryoshka-too-large', 'dataset-source-missing', 'dataset-source-conflict',
  'subset-ignored', 'dataset-format', 'dataset-path-not-found', 'unknown-gpu', 'invalid-gpu-count', 'bf16-unsupported',
  'low-cpu', 'low-memory', 'resources-ignored-locally', 'model-path-not-found', 'model-local-with-modal',
  'push-without-secret', 'sweep-empty-space', 'sweep-unknown-param', 'sweep-empty-choices', 'sweep-model-categorical', 'sweep-int-param',
  'sweep-range', 'sweep-log-nonpositive', 'sweep-unknown-metric', 'sweep-grid-continuous', 'sweep-idle-workers', 'sweep-coordinator-timeout',
  'split-by-unmapped', 'option-unused', 'hard-negatives-task', 'hard-negatives-count', 'hard-negatives-range',
];

describe('broken fixture corpus', () => {
  it('holds at least 45 fixtures, each declaring at least one expectation', () => {
    expect(files.length).toBeGreaterThanOrEqual(45);
    for (const f of files) expect(parseExpectations(read(f)), basename(f)).not.toHaveLength(0);
  });

  it('covers every diagnostic code the validator emits', () => {
    const covered = new Set(files.flatMap((f) => parseExpectations(read(f)).map((e) => e.code)));
    expect(ALL_CODES.filter((c) => !covered.has(c))).toEqual([]);
  });

  it.each(files.map((f) => [basename(f), f]))('%s', (_name, file) => {
    const text = read(file);
    const expected = parseExpectations(text);
    const { diagnostics } = validateConfig(text, fsOptions(file));
    const got = diagnostics.map((d) => `${d.severity} ${d.code} ${d.range.start.line + 1}`);
    for (const e of expected) {
      expect(got, `missing "${e.severity} ${e.code} ${e.line}"; got:\n${show(diagnostics)}`).toContain(`${e.severity} ${e.code} ${e.line}`);
    }
    const unexpectedErrors = diagnostics.filter((d) => d.severity === 'error'
      && !expected.some((e) => e.severity === 'error' && e.code === d.code && e.line === d.range.start.line + 1));
    expect(unexpectedErrors, `unexpected errors:\n${show(unexpectedErrors)}`).toEqual([]);
    expect(diagnostics.map((d) => d.code)).not.toContain('internal-error');
    for (const d of diagnostics) expect(d.message.length, d.code).toBeGreaterThan(10);
  });
});
