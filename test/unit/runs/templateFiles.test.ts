import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTemplateFiles } from '../../../src/core/runs/templateFiles';

const TEMPLATES = path.resolve(__dirname, '..', '..', '..', 'gpu-templates');

describe('readTemplateFiles', () => {
  it('ships the fte package with its sub-packages (a sandbox imports fte.bakeoff), and no tests', () => {
    const files = readTemplateFiles(TEMPLATES);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(['bakeoff.py', 'finetune.py', 'fte/__init__.py', 'fte/bakeoff/__init__.py', 'fte/bakeoff/score.py']));
    expect(Object.keys(files).some((f) => f.startsWith('tests/') || f.includes('__pycache__'))).toBe(false);
  });
});
