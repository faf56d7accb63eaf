import { describe, expect, it } from 'vitest';
import { hoverAt } from '../../../src/core/config/hover';
import { validateConfig } from '../../../src/core/config/validate';
import { resolveJob } from '../../../src/core/job/resolveJob';
import { modelFamily } from '../../../src/core/catalog/modelFamilies';
import { applyFixes } from './fixtureUtil';

const ir = (model: string, extra = '') => `task: information-retrieval
model: ${model}
dataset:
  hub: org/pairs
  columns: { anchor: question, positive: answer }
${extra}`;

const pairs = (model: string, extra = '') => `task: semantic-similarity
model: ${model}
dataset:
  hub: org/sts
  columns: { text1: a, text2: b, score: s }
${extra}`;

function job(text: string) {
  const r = resolveJob(text, '/w/x.finetune.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.diagnostics));
  return r.job;
}

describe('prompts in the job spec', () => {
  it('a retrieval config without prompts gets the family\'s query and document prompts, marked as the catalog\'s', () => {
    expect(job(ir('intfloat/e5-base-v2')).prompts).toEqual({ symmetric: false, query: 'query: ', document: 'passage: ', source: 'catalog' });
    expect(job(ir('nomic-ai/modernbert-embed-base')).prompts?.document).toBe('search_document: ');
  });

  it('a symmetric task gets the family\'s one prompt on both sides', () => {
    expect(job(pairs('intfloat/multilingual-e5-large')).prompts).toEqual({ symmetric: true, query: 'query: ', document: 'query: ', source: 'catalog' });
  });

  it('a model without a family, or a family without prefixes, leaves the model\'s own prompts to the template', () => {
    expect(job(ir('sentence-transformers/all-MiniLM-L6-v2')).prompts).toEqual({ symmetric: false, query: null, document: null, source: 'none' });
    expect(job(pairs('BAAI/bge-base-en-v1.5')).prompts?.source).toBe('none');
  });

  it('the config\'s prompts are used as written, and "" turns one off', () => {
    expect(job(ir('intfloat/e5-base-v2', 'prompts: { query: "q: ", document: "" }\n')).prompts)
      .toEqual({ symmetric: false, query: 'q: ', document: '', source: 'config' });
    expect(job(pairs('org/model', 'prompts: { prompt: "similar: " }\n')).prompts)
      .toEqual({ symmetric: true, query: 'similar: ', document: 'similar: ', source: 'config' });
  });
});

describe('prompt diagnostics', () => {
  it('an e5 model with its prefixes switched off is a warning on prompts whose Quick Fix writes e5\'s', () => {
    const text = ir('intfloat/e5-base-v2', 'prompts: { query: "", document: "" }\n');
    const d = validateConfig(text).diagnostics.find((x) => x.code === 'prompts-missing-for-family')!;
    expect(d.severity).toBe('warning');
    expect(d.range.start.line).toBe(5);
    expect(d.message).toContain('query: "query: "');
    const fixed = applyFixes(text, d.fixes!);
    expect(job(fixed).prompts).toEqual({ symmetric: false, query: 'query: ', document: 'passage: ', source: 'config' });
    expect(validateConfig(fixed).diagnostics.filter((x) => x.code.startsWith('prompt'))).toEqual([]);
  });

  it('no prompts key: the family\'s defaults apply and nothing is reported', () => {
    expect(validateConfig(ir('intfloat/e5-base-v2')).diagnostics.filter((x) => x.code.startsWith('prompt'))).toEqual([]);
  });

  it('query/document on a symmetric task, or prompt on a retrieval task, is named on its key with the key to use', () => {
    const a = validateConfig(pairs('org/m', 'prompts: { query: "q: " }\n')).diagnostics.find((x) => x.code === 'prompt-key-for-other-task')!;
    expect(a.message).toContain('prompts.prompt');
    expect(a.range.start.line).toBe(5);
    const b = validateConfig(ir('org/m', 'prompts:\n  prompt: "x"\n')).diagnostics.find((x) => x.code === 'prompt-key-for-other-task')!;
    expect(b.message).toContain('prompts.query');
    expect(b.range.start.line).toBe(6);
  });

  it('a prompt that is not a string names the field and how to write it', () => {
    const d = validateConfig(ir('org/m', 'prompts: { query: 5 }\n')).diagnostics.find((x) => x.severity === 'error')!;
    expect(d.message).toContain('prompts.query must be a string');
  });
});

describe('prompt hovers', () => {
  it('on an e5 model: the prompts it trains with for this task', () => {
    const text = ir('intfloat/e5-base-v2');
    const h = hoverAt(text, text.indexOf('e5-base') + 2)!;
    expect(h.markdown).toContain('query "query: ", document "passage: "');
    const s = pairs('intfloat/e5-base-v2');
    expect(hoverAt(s, s.indexOf('e5-base') + 2)!.markdown).toContain('prompt "query: "');
  });

  it('on the prompts key: what it does and its default', () => {
    const text = ir('org/m', 'prompts: { query: "q: " }\n');
    expect(hoverAt(text, text.indexOf('prompts') + 2)!.markdown).toContain('base model\'s own prompts');
  });

  it('family matching is by id, case-insensitive, and leaves unknown models alone', () => {
    expect(modelFamily('Qwen/Qwen3-Embedding-0.6B')?.id).toBe('qwen3');
    expect(modelFamily('google/embeddinggemma-300m')?.id).toBe('embeddinggemma');
    expect(modelFamily('my-org/my-model')).toBeUndefined();
  });
});
