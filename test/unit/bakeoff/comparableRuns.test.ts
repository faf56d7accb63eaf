import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BakeoffStore } from '../../../src/core/bakeoff/bakeoffStore';
import { comparableRuns } from '../../../src/core/bakeoff/comparableRuns';
import { rankBakeoff } from '../../../src/core/bakeoff/rankBakeoff';
import { RunStore } from '../../../src/core/runs/runStore';
import { makeJob } from '../../contract/modalHarness';
import { completed, happyEvents, makeMeta, PRIMARY } from '../runs/runFixtures';

describe('a bake-off and later fine-tuned runs on the same test set', () => {
  it('lists completed runs with the same test-set key on the bake-off\'s table, and no others', () => {
    const root = mkdtempSync(join(tmpdir(), 'fte-bakeoff-cmp-'));
    const job = makeJob();
    const runs = new RunStore(root);
    const record = (id: string, j: typeof job, state: 'completed' | 'running' = 'completed') => {
      runs.create(makeMeta(id, { state }), 'task: x\n', j);
      const log = runs.openEventLog(id);
      const events = happyEvents(id).filter((e) => e.type !== 'completed');
      events.forEach((e) => log.append(e));
      log.append({ ...completed(id, events.length + 1, 0.81), split: 'test', n: 120, corpus_size: null, delta_ci95: [0.05, 0.17], verdict: 'better', also: [] });
      log.close();
    };
    record('same-test-set', { ...job, model: 'BAAI/bge-small-en-v1.5', training: { ...job.training, epochs: 3, learning_rate: 1e-4 } });
    record('other-split-seed', { ...job, dataset: { ...job.dataset, split_seed: 7 } });
    record('still-running', job, 'running');
    const saved = new BakeoffStore(root).save('x.finetune.yaml', job, rankBakeoff({
      metric: PRIMARY, split: 'test', n: 120, corpus_size: null, greater_is_better: true, candidates: [],
    }));
    expect(new BakeoffStore(root).list().map((r) => r.id)).toEqual([saved.id]);
    expect(comparableRuns(saved, runs)).toEqual([{ runId: 'same-test-set', model: 'BAAI/bge-small-en-v1.5', score: 0.81, baseline: 0.7, delta_ci95: [0.05, 0.17] }]);
  });
});
