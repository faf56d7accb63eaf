import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FinetuneConfig } from '../../../src/core/config/schema';
import { localDatasetPath } from '../../../src/core/job/resolveJob';

// The launch confirmation sizes the upload from this path: it must be the file training reads.
const configPath = path.join('/work', 'proj', 'cfg', 'faq.finetune.yaml');
const config = (dataset: FinetuneConfig['dataset']) => ({ task: 'information-retrieval', model: 'm', dataset }) as FinetuneConfig;

describe('localDatasetPath', () => {
  it('resolves dataset.path against the config folder, keeps an absolute one, and is null for a Hub dataset', () => {
    expect(localDatasetPath(config({ path: '../data/pairs.jsonl' }), configPath)).toBe(path.join('/work', 'proj', 'data', 'pairs.jsonl'));
    expect(localDatasetPath(config({ path: '/srv/pairs.jsonl' }), configPath)).toBe('/srv/pairs.jsonl');
    expect(localDatasetPath(config({ hub: 'org/pairs' }), configPath)).toBeNull();
  });

  it('is the synthesized file for dataset.synthesize, not dataset.path', () => {
    const c = config({ synthesize: { documents: 'docs/**/*.md', out: 'gen/pairs.jsonl' } } as FinetuneConfig['dataset']);
    expect(localDatasetPath(c, configPath)).toBe(path.join('/work', 'proj', 'cfg', 'gen', 'pairs.jsonl'));
  });
});
