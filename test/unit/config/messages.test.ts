import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/core/config/validate';

const base = 'task: semantic-similarity\nmodel: m\ndataset: { hub: x, columns: { text1: a, text2: b, score: s } }\n';

describe('diagnostic messages', () => {
  it('non-finite numbers get one error that says what is wrong', () => {
    const d = validateConfig(`${base}loss_args: { scale: 1e999 }\ntraining: { learning_rate: .nan }\n`).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['invalid-type', 'invalid-type']);
    expect(d[0]!.message).toContain('loss_args.scale must be a finite number, not Infinity');
    expect(d[1]!.message).toContain('training.learning_rate must be a finite number, not NaN');
  });

  it('an alias bomb is a YAML error, not an empty config', () => {
    const bomb = `${base}a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n`;
    const d = validateConfig(bomb).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['yaml-syntax']);
    expect(d[0]!.message).toMatch(/alias/i);
    expect(d[0]!.range.start.line).toBe(4);
  });

  it('ranges stay on their lines after a malformed multi-line token', () => {
    // Found by the property test: the parser's own line counter missed the newline at offset 88.
    const text = "z&/4z> z-}\\[\n/5\na\n\\z//E*>:0`'4_.*\\c /00.e{*be/{#]_y%x]@&+]\n+ 3c\n @.& #\" #.{-+z:]6\n'9:3+\nE}? -yxe6~#'_/e!a+|ze/%z26\tc";
    expect(validateConfig(text).diagnostics.length).toBeGreaterThan(0);
    for (const d of validateConfig(text).diagnostics) {
      const lines = text.split('\n');
      expect(d.range.end.character).toBeLessThanOrEqual(lines[d.range.end.line]!.length + 1);
    }
  });

  it('messages name the culprit and the fix', () => {
    const d = validateConfig(`${base}loss: OnlineContrastiveLoss\ncompute: { gpu: H100:9 }\n`).diagnostics;
    const loss = d.find((x) => x.code === 'loss-task-mismatch')!;
    expect(loss.message).toContain('OnlineContrastiveLoss does not fit the semantic-similarity format');
    expect(loss.message).toContain('CoSENTLoss');
    const gpu = d.find((x) => x.code === 'invalid-gpu-count')!;
    expect(gpu.message).toContain('"H100:9"');
    expect(gpu.message).toContain('1 to 8');
    const a10g = validateConfig(`${base}loss: CoSENTLoss\ncompute: { gpu: A10G:8 }\n`).diagnostics.find((x) => x.code === 'invalid-gpu-count')!;
    expect(a10g.message).toContain('at most 4 A10G GPUs in one container');
    expect(a10g.fixes?.[0]?.newText).toBe('A10G:4');
    expect(validateConfig(`${base}loss: CoSENTLoss\ncompute: { gpu: A10G:4 }\n`).diagnostics.filter((x) => x.severity === 'error')).toEqual([]);
  });
});
