/** Sweep event types (protocol v1): what gpu-templates/sweep.py prints for a hyperparameter sweep. */
import * as z from 'zod';
import { testReportSchema } from './testReportSchema';
import { defineEvent as event } from './eventBase';

const params = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const value = z.number().nullable();
const worker = z.int().min(0).optional().meta({ description: 'Index of the worker (sandbox) that ran the trial.' });

export const sweepEventSchemas = [
  event('trial_started', {
    trial: z.int().min(0),
    params,
    worker,
    trial_run_id: z.string().min(1).optional().meta({ description: "run_id of the trial's own event log (trials/<n>/events.jsonl)." }),
  }, 'A sweep trial started.'),
  event('trial_report', {
    trial: z.int().min(0),
    step: z.int().min(0).meta({ description: "Progress in the sweep job's optimizer steps: trials with another batch size report the step the sweep's job would be at after the same samples." }),
    value,
    samples_seen: z.int().min(0).optional().meta({ description: 'Training samples seen at this evaluation (all processes).' }),
  }, 'An intermediate trial value (for pruning).'),
  event('trial_finished', {
    trial: z.int().min(0),
    state: z.enum(['complete', 'pruned', 'failed', 'collapsed']),
    value,
    params,
    worker,
    reason: z.string().nullable().optional().meta({ description: 'Why a trial failed or was pruned.' }),
    metrics: z.record(z.string(), value).optional().meta({ description: "The trial's final evaluator metrics." }),
    duration_s: z.number().min(0).nullable().optional(),
  }, 'A sweep trial ended.'),
  event('sweep_best', { trial: z.int().min(0), value, params }, 'A new best trial.'),
  event('sweep_completed', {
    trials: z.int().min(0),
    best_trial: z.int().min(0).nullable(),
    best_value: value,
    best_params: params.nullable(),
    importances: z.record(z.string(), z.number()).nullable().optional()
      .meta({ description: 'Parameter importances (sum 1), null when they could not be computed.' }),
    states: z.record(z.string(), z.int().min(0)).optional().meta({ description: 'Trial count per state.' }),
    best_model_path: z.string().nullable().optional(),
    study_path: z.string().nullable().optional().meta({ description: 'SQLite study file for optuna-dashboard.' }),
    hub_url: z.string().nullable().optional(),
    test: testReportSchema.nullable().optional().meta({ description: 'The best trial (chosen on validation) and the base model scored once each on the test set; the trials never touch it.' }),
  }, 'The sweep finished.'),
] as const;
