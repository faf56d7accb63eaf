/**
 * Fine-tuned runs on a bake-off's table: a completed run whose job has the same test-set key (same
 * data, split, corpus, evaluator and truncation) was scored on exactly the bake-off's test items,
 * so its fine-tuned score sits on the same scale as the zero-shot candidates'.
 */
import { readFileSync } from 'node:fs';
import { summarize } from '../events/reducer';
import type { JobSpec } from '../job/jobSpec';
import type { RunStore } from '../runs/runStore';
import { testReport } from '../runs/testReport';
import type { BakeoffRecord } from './bakeoffStore';
import { testSetKey } from './bakeoffStore';

export interface FineTunedRow {
  runId: string;
  /** The run's base model. */
  model: string;
  score: number | null;
  baseline: number | null;
  delta_ci95: [number | null, number | null] | null;
}

function jobOf(store: RunStore, id: string): JobSpec | undefined {
  try {
    return JSON.parse(readFileSync(store.files(id).job, 'utf8')) as JobSpec;
  } catch {
    return undefined;
  }
}

export function comparableRuns(record: BakeoffRecord, store: RunStore): FineTunedRow[] {
  const rows: FineTunedRow[] = [];
  for (const meta of store.list()) {
    if (meta.state !== 'completed' || (meta.kind && meta.kind !== 'run')) continue;
    const job = jobOf(store, meta.id);
    if (!job || testSetKey(job) !== record.test_set) continue;
    const report = testReport(summarize(store.readEvents(meta.id)));
    if (!report || report.metric !== record.result.metric) continue;
    rows.push({ runId: meta.id, model: job.model, score: report.finetuned, baseline: report.baseline, delta_ci95: report.delta_ci95 });
  }
  return rows;
}
