import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/core/config/validate';
import { resolveJob } from '../../../src/core/job/resolveJob';

const cfg = (model: string, training: string) => `task: information-retrieval
model: ${model}
dataset:
  hub: org/pairs
  columns: { anchor: q, positive: d }
training:
${training}`;

describe('training.lora', () => {
  it('resolves with the maintainers\' defaults (r 64, alpha 2r, dropout 0.05) and a LoRA learning rate', () => {
    const r = resolveJob(cfg('Qwen/Qwen3-Embedding-0.6B', '  lora: { r: 16 }\n'), '/w/x.finetune.yaml');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.job.training.lora).toEqual({ r: 16, alpha: 32, dropout: 0.05, target_modules: null });
    expect(r.job.training.learning_rate).toBe(2e-4);
    const full = resolveJob(cfg('Qwen/Qwen3-Embedding-0.6B', '  epochs: 1\n'), '/w/x.finetune.yaml');
    expect(full.ok && full.job.training.lora).toBeNull();
    expect(full.ok && full.job.training.learning_rate).toBe(2e-5);
  });

  it('a full fine-tune\'s learning rate with lora is a warning on the rate whose fix sets 2e-4', () => {
    const d = validateConfig(cfg('Qwen/Qwen3-Embedding-0.6B', '  lora: {}\n  learning_rate: 2.0e-5\n')).diagnostics.find((x) => x.code === 'lora-low-learning-rate')!;
    expect(d.severity).toBe('warning');
    expect(d.range.start.line).toBe(7);
    expect(d.fixes![0]!.newText).toBe('2.0e-4');
  });

  it('lora on a small catalog encoder is information that a full fine-tune usually ends better', () => {
    const d = validateConfig(cfg('BAAI/bge-small-en-v1.5', '  lora: { r: 8 }\n')).diagnostics.find((x) => x.code === 'lora-small-model')!;
    expect(d.severity).toBe('info');
    expect(d.message).toContain('33M parameters');
  });

  it('bad values name the field and the range', () => {
    const msgs = validateConfig(cfg('org/m', '  lora: { r: 0, dropout: 1, target_modules: [] }\n')).diagnostics.map((d) => d.message).join('\n');
    expect(msgs).toContain('training.lora.r must be between 1 and 1024');
    expect(msgs).toContain('training.lora.dropout must be in [0, 1)');
    expect(msgs).toContain('training.lora.target_modules needs at least one module name');
  });
});
