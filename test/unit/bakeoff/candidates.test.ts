import { describe, expect, it } from 'vitest';
import { bakeoffCandidates, parseModelList } from '../../../src/core/bakeoff/candidates';
import { BASE_MODELS } from '../../../src/core/catalog/models';

describe('bakeoff candidates', () => {
  it('takes the models given, deduplicated, with the catalog prompts where it knows them', () => {
    const list = parseModelList(' intfloat/e5-base-v2, ./my-model ,intfloat/e5-base-v2,');
    expect(list).toEqual({ ok: true, models: ['intfloat/e5-base-v2', './my-model'] });
    expect(bakeoffCandidates('x', list.ok ? list.models : [])).toEqual([
      { model: 'intfloat/e5-base-v2', prompts: { query: 'query: ', document: 'passage: ' } }, { model: './my-model' },
    ]);
  });

  it('without --models: the config model first, then the catalog, once each', () => {
    const c = bakeoffCandidates('BAAI/bge-small-en-v1.5', undefined, { query: 'Represent this: ' });
    expect(c[0]).toEqual({ model: 'BAAI/bge-small-en-v1.5', prompts: { query: 'Represent this: ' } });
    expect(c.map((x) => x.model).sort()).toEqual(BASE_MODELS.map((m) => m.id).sort());
  });

  it('refuses an empty --models with the fix', () => {
    const r = parseModelList(' , ');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^--models names no model; pass Hub ids or folders separated by commas/);
  });
});
