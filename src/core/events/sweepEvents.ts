/** Sweep event types, reserved in protocol v1 for the hyperparameter-sweep issue. */
import * as z from 'zod';
import { defineEvent as event } from './eventBase';

const params = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const value = z.number().nullable();

export const sweepEventSchemas = [
  event('trial_started', { trial: z.int().min(0), params }, 'A sweep trial started.'),
  event('trial_report', { trial: z.int().min(0), step: z.int().min(0), value }, 'An intermediate trial value (for pruning).'),
  event('trial_finished', {
    trial: z.int().min(0),
    state: z.enum(['complete', 'pruned', 'failed']),
    value,
    params,
  }, 'A sweep trial ended.'),
  event('sweep_best', { trial: z.int().min(0), value, params }, 'A new best trial.'),
  event('sweep_completed', {
    trials: z.int().min(0),
    best_trial: z.int().min(0).nullable(),
    best_value: value,
    best_params: params.nullable(),
  }, 'The sweep finished.'),
] as const;
