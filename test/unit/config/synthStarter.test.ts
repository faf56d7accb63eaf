import { describe, expect, it } from 'vitest';
import { synthStarterConfig } from '../../../src/core/config/synthStarter';
import { resolveJob } from '../../../src/core/job/resolveJob';
import { validateConfig } from '../../../src/core/config/validate';

describe('synthStarterConfig: "I have documents, no questions"', () => {
  it('is a valid config whose dataset.synthesize reads the folder\'s documents with ict', () => {
    const text = synthStarterConfig({ folder: 'docs/handbook' });
    const errors = validateConfig(text).diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toEqual([]);
    const r = resolveJob(text, '/w/handbook.finetune.yaml', { fileExists: () => true });
    if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.job.dataset.synthesize).toMatchObject({ documents: ['docs/handbook/**/*.md', 'docs/handbook/**/*.txt', 'docs/handbook/**/*.rst', 'docs/handbook/**/*.html'],
      generator: { type: 'ict' }, out: '/w/data/synthetic.jsonl', has_eval: false });
    expect(validateConfig(text).diagnostics.some((d) => d.code === 'synthesize-real-questions'), 'it recommends real questions').toBe(true);
  });

  it('the config\'s own folder, and a folder name that needs quoting', () => {
    const here = resolveJob(synthStarterConfig({ folder: '.' }), '/w/x.finetune.yaml', { fileExists: () => true });
    expect(here.ok && here.job.dataset.synthesize?.documents[0]).toBe('**/*.md');
    const spaced = resolveJob(synthStarterConfig({ folder: 'my docs' }), '/w/x.finetune.yaml', { fileExists: () => true });
    expect(spaced.ok && spaced.job.dataset.synthesize?.documents[0]).toBe('my docs/**/*.md');
  });
});
