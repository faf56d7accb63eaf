import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { sweepKey, sweepRunDirId, workspaceConfigPath } from '../../../src/core/sweeps/sweepKey';

const TEXT = 'task: duplicate-classification\nsweep:\n  trials: 8\n';
const ROOT = join('/', 'ws');

describe('a sweep\'s key on the volume', () => {
  test('two configs with the same file name in different folders get different study folders', () => {
    const a = sweepRunDirId('sweep', sweepKey(workspaceConfigPath(ROOT, join(ROOT, 'team-a', 'sweep.finetune.yaml')), TEXT));
    const b = sweepRunDirId('sweep', sweepKey(workspaceConfigPath(ROOT, join(ROOT, 'team-b', 'sweep.finetune.yaml')), TEXT));
    expect(a).not.toBe(b);
    expect(a).toMatch(/^sweep-sweep-[0-9a-f]{10}$/);
  });

  test('the same config (path and content) gets the same key on every launch, so its study resumes', () => {
    const path = workspaceConfigPath(ROOT, join(ROOT, 'team-a', 'sweep.finetune.yaml'));
    expect(path).toBe('team-a/sweep.finetune.yaml');
    expect(sweepKey(path, TEXT)).toBe(sweepKey('team-a/sweep.finetune.yaml', `${TEXT}`));
    // A fixed value: the key must not change between versions, or relaunches would lose their study.
    expect(sweepKey(path, TEXT)).toBe('6153c37601');
  });

  test('a changed config is a new study (its search space or data may differ)', () => {
    expect(sweepKey('s.finetune.yaml', TEXT)).not.toBe(sweepKey('s.finetune.yaml', TEXT.replace('8', '9')));
  });

  test('path and content cannot be shifted into each other', () => {
    expect(sweepKey('a', 'bc')).not.toBe(sweepKey('ab', 'c'));
  });

  test('the folder name is safe for the volume whatever the config is called', () => {
    expect(sweepRunDirId('My Sweep $(x)/../..', 'abcdef0123')).toBe('sweep-my-sweep-x-abcdef0123');
    expect(sweepRunDirId('///', 'abcdef0123')).toBe('sweep-sweep-abcdef0123');
  });
});
