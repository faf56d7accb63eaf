/** RunMeta + job spec + SweepSummary -> the sweep dashboard's protocol shapes. Pure (no `vscode`), unit-tested. */
import { costSoFar } from '../../core/cost/estimate';
import type { JobSweep } from '../../core/job/jobSpec';
import type { RunMeta } from '../../core/runs/runMeta';
import type { SweepSummary, TrialRow } from '../../core/sweeps/sweepSummary';
import type { SweepSpaceParam, SweepStatus, SweepTrial } from '../../protocol/sweepModels';

/** The id a trial's own run record has, when one was recorded. */
export const trialRunId = (sweepId: string, trial: number): string => `${sweepId}-t${trial}`;

export interface SweepModelInput {
  meta: RunMeta;
  /** The sweep record's job.json `sweep` section; null when unreadable. */
  sweep: JobSweep | null;
  summary: SweepSummary;
  /** Whether a run record with this id exists (trial records `<sweepId>-t<n>`). */
  hasRun: (id: string) => boolean;
  now?: number;
}

export function spaceOf(sweep: JobSweep | null): SweepSpaceParam[] {
  return Object.entries(sweep?.space ?? {}).map(([name, p]) => p.type === 'categorical'
    ? { name, type: p.type, log: false, choices: [...p.choices] }
    : { name, type: p.type, log: p.log, choices: null });
}

function trialOf(sweepId: string, t: TrialRow, hasRun: (id: string) => boolean): SweepTrial {
  const runId = trialRunId(sweepId, t.trial);
  return {
    trial: t.trial, state: t.state, value: finite(t.value), params: { ...t.params }, worker: t.worker,
    reports: { x: t.reports.map((r) => r.step), y: t.reports.map((r) => finite(r.value)) },
    reason: t.reason, durationS: t.durationS, runId: hasRun(runId) ? runId : null,
  };
}

const finite = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

export function sweepModel(input: SweepModelInput): { status: SweepStatus; trials: SweepTrial[] } {
  const { meta, sweep, summary: s, hasRun } = input;
  const now = input.now ?? Date.now();
  const done = s.completed;
  const paramNames = [...new Set([...Object.keys(sweep?.space ?? {}), ...s.paramNames])];
  const status: SweepStatus = {
    sweepId: meta.id, name: meta.name, configPath: meta.configPath, backend: meta.backend, state: meta.state,
    message: meta.message, createdAt: meta.createdAt, endedAt: meta.endedAt,
    metric: sweep?.metric ?? meta.primaryMetric, direction: sweep?.direction ?? 'maximize',
    trialsDone: s.trials.filter((t) => t.state !== 'running').length,
    trialsTotal: sweep?.trials ?? done?.trials ?? null, parallel: sweep?.parallel ?? null,
    pricePerHour: meta.pricePerHour, costSoFar: costSoFar(meta, now), computedAt: new Date(now).toISOString(),
    best: bestOf(s, sweep?.direction ?? 'maximize'),
    importances: done?.importances ?? null, finished: done !== null,
    studyPath: done?.study_path ?? null, bestModelPath: done?.best_model_path ?? null,
    paramNames, space: spaceOf(sweep),
  };
  return { status, trials: s.trials.map((t) => trialOf(meta.id, t, hasRun)) };
}

/**
 * The sweep's best: the completed event's, else the best complete trial (the workers' sweep_best
 * events interleave by worker, not by time, so the last one read need not be the study's best).
 */
function bestOf(s: SweepSummary, direction: JobSweep['direction']): SweepStatus['best'] {
  const sign = direction === 'maximize' ? 1 : -1;
  const top = s.trials.filter((t) => t.state === 'complete' && finite(t.value) !== null).sort((a, b) => sign * (b.value! - a.value!) || a.trial - b.trial)[0];
  const b = s.completed?.best_trial !== null && s.completed?.best_trial !== undefined ? s.best : top ? { trial: top.trial, value: top.value, params: top.params } : s.best;
  return b ? { trial: b.trial, value: finite(b.value), params: paramsOf(b.params) } : null;
}

function paramsOf(p: Record<string, unknown>): SweepTrial['params'] {
  const out: SweepTrial['params'] = {};
  for (const [k, v] of Object.entries(p)) {
    out[k] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null ? v : JSON.stringify(v);
  }
  return out;
}
