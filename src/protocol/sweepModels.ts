/**
 * The sweep dashboard's data shapes (see models.ts for the rest), shared by the extension host
 * and the webview. Plain JSON, no `vscode`, no DOM.
 */
import * as z from 'zod';
import { launchFields, seriesSchema } from './models';

const num = z.number().nullable();

export const TRIAL_STATES = ['running', 'complete', 'pruned', 'failed', 'collapsed'] as const;
export type SweepTrialState = (typeof TRIAL_STATES)[number];
const paramValue = z.union([z.string(), z.number(), z.boolean(), z.null()]);

/** One trial of a sweep: its parameters, objective, state and intermediate (pruning) reports. */
export const sweepTrialSchema = z.object({
  trial: z.number().int().min(0),
  state: z.enum(TRIAL_STATES),
  value: num,
  params: z.record(z.string(), paramValue),
  worker: num,
  reports: seriesSchema,
  reason: z.string().nullable(),
  durationS: num,
  /** The id of the trial's own run record, when one exists (`<sweepId>-t<n>`): opens its run dashboard. */
  runId: z.string().nullable(),
});
export type SweepTrial = z.infer<typeof sweepTrialSchema>;

/** One search-space parameter, from the job's sweep.space (categorical choices in config order). */
export const sweepSpaceParamSchema = z.object({
  name: z.string(),
  type: z.enum(['float', 'int', 'categorical']),
  log: z.boolean(),
  choices: z.array(z.union([z.string(), z.number(), z.boolean()])).nullable(),
});
export type SweepSpaceParam = z.infer<typeof sweepSpaceParamSchema>;

export const sweepStatusSchema = z.object({
  sweepId: z.string().min(1),
  ...launchFields,
  metric: z.string(),
  direction: z.enum(['maximize', 'minimize']),
  trialsDone: z.number(),
  /** sweep.trials from the job; null when the job spec could not be read. */
  trialsTotal: num,
  parallel: num,
  /** Covers every worker of the sweep. */
  pricePerHour: z.number(),
  /** costSoFar(meta) when the snapshot was made (`computedAt`). */
  costSoFar: z.number(),
  computedAt: z.string(),
  best: z.object({ trial: z.number(), value: num, params: z.record(z.string(), paramValue) }).nullable(),
  /** Parameter -> importance (sum 1) once the sweep completed; null before or when not computed. */
  importances: z.record(z.string(), z.number()).nullable(),
  finished: z.boolean(),
  studyPath: z.string().nullable(),
  bestModelPath: z.string().nullable(),
  paramNames: z.array(z.string()),
  space: z.array(sweepSpaceParamSchema),
});
export type SweepStatus = z.infer<typeof sweepStatusSchema>;
