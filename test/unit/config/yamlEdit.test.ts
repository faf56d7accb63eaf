import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { setValueEdit, yamlValue } from '../../../src/core/config/yamlEdit';
import { YamlDoc } from '../../../src/core/config/yamlDoc';
import { validateConfig } from '../../../src/core/config/validate';
import { applyFixes } from './fixtureUtil';

const CONFIG = `task: information-retrieval   # retrieval
model: BAAI/bge-small-en-v1.5
dataset:
  path: data/pairs.jsonl
  columns: { anchor: query, positive: answer }
training: { epochs: 1, batch_size: 8 }
compute:
  backend: local
`;

function set(text: string, path: (string | number)[], value: unknown): string {
  const edit = setValueEdit(new YamlDoc(text), path, value);
  expect(edit, `no edit for ${path.join('.')}`).toBeDefined();
  return applyFixes(text, [{ title: 't', ...edit! }]);
}

describe('setValueEdit', () => {
  it('replaces an existing value, in a block or a flow map', () => {
    expect(parse(set(CONFIG, ['training', 'batch_size'], 4)).training).toEqual({ epochs: 1, batch_size: 4 });
    expect(parse(set(CONFIG, ['dataset', 'columns', 'anchor'], 'q')).dataset.columns.anchor).toBe('q');
  });

  it('adds a key to a block map at its indentation, and to a flow map inside its braces', () => {
    const block = set(CONFIG, ['dataset', 'label_map'], { yes: 1, no: 0 });
    expect(block).toContain('  columns: { anchor: query, positive: answer }\n  label_map: { "yes": 1, "no": 0 }\ntraining:');
    expect(parse(block).dataset.label_map).toEqual({ yes: 1, no: 0 });
    const flow = set(CONFIG, ['training', 'max_seq_length'], 64);
    expect(flow).toContain('training: { epochs: 1, batch_size: 8, max_seq_length: 64 }');
  });

  it('creates missing parents, and the result still validates', () => {
    const text = CONFIG.replace(/training:.*\n/, '');
    const out = set(text, ['training', 'hard_negatives'], { count: 1 });
    expect(parse(out).training).toEqual({ hard_negatives: { count: 1 } });
    expect(validateConfig(out).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const after = set('task: triplet\ncompute:\n  gpu:\n', ['compute', 'gpu'], 'A10G');
    expect(parse(after).compute.gpu).toBe('A10G');
  });

  it('quotes what YAML would misread', () => {
    expect(yamlValue('yes')).toBe('"yes"');
    expect(yamlValue('a: b')).toBe('"a: b"');
    expect(yamlValue([0, 5])).toBe('[0, 5]');
    expect(yamlValue('anchor')).toBe('anchor');
  });
});
