import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTemplateFiles } from '../../../src/core/runs/templateFiles';

describe('readTemplateFiles', () => {
  it('ships the fte package with its sub-packages, and no tests or caches', () => {
    const files = Object.keys(readTemplateFiles(join(__dirname, '../../../gpu-templates')));
    expect(files).toContain('finetune.py');
    expect(files).toContain('fte/training.py');
    // The evaluation sub-package: a Modal run imports fte.evaluation.scoring, so it must travel.
    expect(files).toEqual(expect.arrayContaining(['fte/evaluation/__init__.py', 'fte/evaluation/scoring.py', 'fte/evaluation/corpus.py']));
    // The bake-off runs in a sandbox too: its tool and package travel.
    expect(files).toEqual(expect.arrayContaining(['bakeoff.py', 'fte/bakeoff/__init__.py', 'fte/bakeoff/score.py']));
    // A sweep's sandboxes run sweep.py, which imports fte.sweep.cli: the sweep sub-package travels.
    expect(files).toEqual(expect.arrayContaining(['sweep.py', 'fte/sweep/__init__.py', 'fte/sweep/cli.py', 'fte/sweep/worker.py']));
    expect(files.filter((f) => f.includes('__pycache__') || f.startsWith('tests/'))).toEqual([]);
  });
});
