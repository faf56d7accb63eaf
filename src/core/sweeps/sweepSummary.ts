import type { EventOf, RunEvent } from '../events/protocol';

export type TrialState = 'running' | 'complete' | 'pruned' | 'failed' | 'collapsed';

export interface TrialRow {
  trial: number;
  state: TrialState;
  value: number | null;
  params: Record<string, string | number | boolean | null>;
  worker: number | null;
  /** Intermediate values reported for the pruner. */
  reports: Array<{ step: number; value: number | null }>;
  reason: string | null;
  durationS: number | null;
  trialRunId: string | null;
}

export interface SweepSummary {
  trials: TrialRow[];
  best: { trial: number; value: number | null; params: Record<string, unknown> } | null;
  completed: EventOf<'sweep_completed'> | null;
  /** Parameter names seen in any trial, for tables and plots. */
  paramNames: string[];
}

/**
 * Folds the trial events of every worker of a sweep (each worker has its own event log and
 * sequence numbers) into one table. A trial is keyed by its Optuna number, so a trial that a
 * crashed worker left running and another worker's record of it never double up.
 */
export function summarizeSweep(streams: Iterable<Iterable<RunEvent>>): SweepSummary {
  const rows = new Map<number, TrialRow>();
  let best: SweepSummary['best'] = null;
  let completed: SweepSummary['completed'] = null;
  const row = (trial: number): TrialRow => {
    let r = rows.get(trial);
    if (!r) {
      r = { trial, state: 'running', value: null, params: {}, worker: null, reports: [], reason: null, durationS: null, trialRunId: null };
      rows.set(trial, r);
    }
    return r;
  };
  for (const stream of streams) {
    for (const e of stream) {
      switch (e.type) {
        case 'trial_started': {
          const r = row(e.trial);
          r.params = e.params;
          r.worker = e.worker ?? null;
          r.trialRunId = e.trial_run_id ?? null;
          break;
        }
        case 'trial_report':
          row(e.trial).reports.push({ step: e.step, value: e.value });
          break;
        case 'trial_finished': {
          const r = row(e.trial);
          Object.assign(r, { state: e.state, value: e.value, params: e.params, worker: e.worker ?? r.worker, reason: e.reason ?? null, durationS: e.duration_s ?? null });
          break;
        }
        case 'sweep_best':
          best = { trial: e.trial, value: e.value, params: e.params };
          break;
        case 'sweep_completed':
          completed = e;
          if (e.best_trial !== null) best = { trial: e.best_trial, value: e.best_value, params: e.best_params ?? {} };
          break;
        default:
          break;
      }
    }
  }
  const trials = [...rows.values()].sort((a, b) => a.trial - b.trial);
  for (const t of trials) t.reports.sort((a, b) => a.step - b.step);
  const paramNames = [...new Set(trials.flatMap((t) => Object.keys(t.params)))].sort();
  return { trials, best, completed, paramNames };
}
