import { summarize } from '../../core/events/reducer';
import { RunStore } from '../../core/runs/runStore';
import { sweepStreams } from '../../core/sweeps/finishSweep';
import { summarizeSweep } from '../../core/sweeps/sweepSummary';
import { gainText, shortMetric, splitText, testReport } from '../../core/runs/testReport';
import type { Io } from '../io';
import { findRun } from '../inputs';

const plain = (v: number | null): string => (v === null ? '—' : v.toFixed(4));

/**
 * `report RUN [--json]`: the numbers a user can bet on: the test set scored with the base model
 * and the chosen one, the gain, its 95% interval and the verdict. Exit 1 when the run has no report.
 */
export function reportCommand(idArg: string | undefined, json: boolean, io: Io): number {
  const store = new RunStore(process.cwd());
  const meta = findRun('report', store, idArg, io);
  if (!meta) return 2;
  // A sweep's report is its chosen trial's, scored on the test set once the sweep completed.
  const report = meta.kind === 'sweep'
    ? (summarizeSweep(sweepStreams(store, meta.id)).completed?.test ?? null)
    : testReport(summarize(store.readEvents(meta.id)));
  if (!report) {
    io.err(`report: run ${meta.id} has no test report (it is ${meta.state}); a run reports once it completed.`);
    return 1;
  }
  if (json) {
    io.out(JSON.stringify(report, null, 2));
    return 0;
  }
  io.out(`${meta.id} — ${shortMetric(report.metric)} on the ${splitText(report)}`);
  io.out(`  base model   ${plain(report.baseline)}`);
  io.out(`  fine-tuned   ${plain(report.finetuned)}`);
  io.out(`  change       ${gainText(report)}`);
  for (const a of report.also) {
    io.out(`  also ${a.name}: ${shortMetric(a.metric)} ${plain(a.baseline)} → ${plain(a.finetuned)}, ${gainText(a)}`);
  }
  return 0;
}
