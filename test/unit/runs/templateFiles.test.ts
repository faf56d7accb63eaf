import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTemplateFiles } from '../../../src/core/runs/templateFiles';

describe('readTemplateFiles', () => {
  it('carries the fte package with its sub-packages, and no tests or caches', () => {
    const files = readTemplateFiles(join(__dirname, '..', '..', '..', 'gpu-templates'));
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['finetune.py', 'fte/data.py', 'fte/synthesize/__init__.py', 'fte/synthesize/validation.py']));
    expect(Object.keys(files).filter((f) => f.includes('__pycache__') || f.startsWith('tests/'))).toEqual([]);
  });
});
