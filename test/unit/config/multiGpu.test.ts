import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/core/config/validate';
import { applyFixes } from './fixtureUtil';

const cfg = (gpu: string, sweep: string) => `task: information-retrieval
model: BAAI/bge-small-en-v1.5
dataset:
  hub: org/pairs
  columns: { anchor: q, positive: d }
compute:
  gpu: "${gpu}"
${sweep}`;
const SWEEP = 'sweep:\n  parallel: 1\n  space:\n    learning_rate: { type: float, low: 1.0e-5, high: 1.0e-4 }\n';

describe('sweeps on several GPUs', () => {
  it('a sweep on A10G:2 is an error on compute.gpu naming the GPUs it would idle and the parallel setting to use', () => {
    const text = cfg('A10G:2', SWEEP);
    const d = validateConfig(text).diagnostics.find((x) => x.code === 'sweep-multi-gpu')!;
    expect(d.severity).toBe('error');
    expect(d.range.start.line).toBe(6);
    expect(d.message).toContain('pay for 2 A10G GPUs per worker and use one');
    expect(d.message).toContain('sweep.parallel: 2');
    expect(validateConfig(applyFixes(text, d.fixes!)).diagnostics.map((x) => x.code)).not.toContain('sweep-multi-gpu');
  });

  it('one GPU per trial, or several GPUs without a sweep, is fine', () => {
    expect(validateConfig(cfg('A10G', SWEEP)).diagnostics.map((x) => x.code)).not.toContain('sweep-multi-gpu');
    expect(validateConfig(cfg('H100:4', '')).diagnostics.map((x) => x.code)).not.toContain('sweep-multi-gpu');
  });
});
