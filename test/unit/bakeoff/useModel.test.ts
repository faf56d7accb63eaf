import { describe, expect, it } from 'vitest';
import { applyEdits, useModelEdits } from '../../../src/core/bakeoff/useModel';

const CONFIG = `# my run
task: information-retrieval
model: sentence-transformers/all-MiniLM-L6-v2   # the base
dataset:
  path: data/faq.jsonl
training:
  epochs: 1
`;

const use = (text: string, c: Parameters<typeof useModelEdits>[1]): string => {
  const edits = useModelEdits(text, c);
  if ('error' in edits) throw new Error(edits.error);
  return applyEdits(text, edits);
};

describe('Use this model', () => {
  it('replaces the model and keeps the comments and the rest', () => {
    expect(use(CONFIG, { model: 'BAAI/bge-small-en-v1.5' })).toBe(CONFIG.replace('sentence-transformers/all-MiniLM-L6-v2', 'BAAI/bge-small-en-v1.5'));
  });

  it('writes the candidate\'s prompts as the top-level prompts key', () => {
    const out = use(CONFIG, { model: 'intfloat/e5-base-v2', prompts: { query: 'query: ', document: 'passage: ' } });
    expect(out).toContain('model: intfloat/e5-base-v2   # the base\n');
    expect(out.trimEnd().split('\n').at(-1)).toBe('prompts: { query: "query: ", document: "passage: " }');
  });

  it('removes prompts left from the previous model when the new one uses its own', () => {
    const withPrompts = use(CONFIG, { model: 'intfloat/e5-base-v2', prompts: { query: 'query: ' } });
    const block = `${CONFIG}prompts:\n  query: "query: "\n  document: "passage: "\ncompute:\n  backend: local\n`;
    expect(use(withPrompts, { model: 'm2' })).toBe(CONFIG.replace('sentence-transformers/all-MiniLM-L6-v2', 'm2'));
    expect(use(block, { model: 'm2' })).toBe(`${CONFIG.replace('sentence-transformers/all-MiniLM-L6-v2', 'm2')}compute:\n  backend: local\n`);
  });

  it('adds the model key when the config has none', () => {
    expect(use('task: triplet\n', { model: 'a/b' })).toBe('task: triplet\nmodel: a/b\n');
  });
});
