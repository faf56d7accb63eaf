/**
 * The run event protocol: what a GPU template prints, one JSON object per stdout line behind
 * EVENT_MARKER. These zod schemas are the single source; `gpu-templates/events.schema.json` is
 * generated from them (see test/unit/events/schema.test.ts) and the Python emitter is tested
 * against that file. Parsing is lenient about unknown fields (they are stripped); the generated
 * JSON Schema is strict, so an emitter cannot add a field without documenting it here.
 */
import * as z from 'zod';
import { EVENT_MARKER, PROTOCOL_VERSION, defineEvent as event } from './eventBase';
import { PRECISIONS, setupEventSchemas } from './setupEvents';
import { sweepEventSchemas } from './sweepEvents';
import { alsoSchema, TEST_SOURCES, VERDICTS } from './testReportSchema';

export { EVENT_MARKER, PROTOCOL_VERSION } from './eventBase';

const num = z.number().nullable();
const int = z.int();
const metrics = z.record(z.string(), num).meta({ description: 'Full metric keys ("eval_dev_cosine_ap") to values; NaN/Infinity are null.' });

export { TEST_SOURCES, VERDICTS } from './testReportSchema';

export const PHASES = ['preparing_data', 'loading_model', 'mining', 'baseline', 'training', 'evaluating', 'saving', 'pushing'] as const;
export const ERROR_CATEGORIES = ['config', 'dataset', 'out_of_memory', 'auth', 'network', 'environment', 'internal'] as const;

export const runStartedSchema = event('run_started', {
  job_name: z.string(),
  task: z.string(),
  model: z.string(),
  libraries: z.record(z.string(), z.string().nullable()).meta({ description: 'Package -> version (null when absent), plus "python".' }),
  gpu_name: z.string().nullable(),
  gpu_memory_mb: num,
  gpu_count: int.min(0),
  world_size: int.min(1).meta({ description: 'Training processes (GPUs used).' }),
  resumed: z.boolean(),
  resume_step: int.min(0).nullable().meta({ description: 'Checkpoint step resumed from; later points of earlier attempts are stale.' }),
  primary_metric: z.string(),
  greater_is_better: z.boolean(),
  precision: z.enum(PRECISIONS).optional().meta({ description: 'Mixed precision chosen for this hardware (bf16 only at compute capability 8.0+).' }),
}, 'The process started training (emitted again on each resume).');

export const phaseSchema = event('phase', {
  phase: z.enum(PHASES),
  total_steps: int.min(0).optional(),
}, 'The run entered a phase.');

export const datasetSchema = event('dataset', {
  total_rows: int.min(0),
  sampled_rows: int.min(0),
  dropped_empty: int.min(0),
  train_rows: int.min(0),
  eval_rows: int.min(0).meta({ description: 'Test rows (the same as test_rows; kept for older readers).' }),
  validation_rows: int.min(0).optional().meta({ description: 'Rows carved from the training rows with dataset.validation_size: checkpoint choice and the live charts.' }),
  test_rows: int.min(0).optional().meta({ description: 'Rows of the test set, scored twice: the base model and the chosen one.' }),
  test_source: z.enum(TEST_SOURCES).optional().meta({ description: 'dataset.eval (an explicit test set) or test_size (carved from the data).' }),
  columns: z.array(z.string()).meta({ description: 'Training column names in the loss\'s input order.' }),
}, 'Row counts after sampling, empty-text dropping and the train/validation/test split.');

export const hardNegativesSchema = event('hard_negatives', {
  rows: int.min(0).meta({ description: 'Training rows.' }),
  mined_rows: int.min(0).meta({ description: 'Rows that got mined negatives.' }),
  filled_rows: int.min(0).meta({ description: 'Rows where no candidate passed the margins; they got a random negative.' }),
  count: int.min(1).meta({ description: 'Negatives per row.' }),
  sampling: z.enum(['top', 'random']),
  corpus_size: int.min(0).meta({ description: 'Distinct candidate passages (positives and given negatives).' }),
  distinct_negatives: int.min(0),
  positive_score: num.meta({ description: 'Mean base-model similarity of anchor and positive.' }),
  negative_score: num.meta({ description: 'Mean base-model similarity of anchor and mined negative.' }),
  margin: num.meta({ description: 'positive_score - negative_score.' }),
  columns: z.array(z.string()).meta({ description: 'Training columns after mining, in the loss\'s input order.' }),
  seconds: z.number().min(0),
}, 'Hard negatives mined for the training split with the base model, before training (training.hard_negatives).');

export const baselineSchema = event('baseline', {
  metrics,
  primary_metric: z.string().meta({ description: 'The evaluator\'s own primary key, named after the model\'s similarity function (eval_dev_dot_ndcg@10 for a dot-product model); it replaces run_started\'s prediction.' }),
  primary_value: num,
  corpus_size: int.min(0).nullable().optional().meta({ description: 'Documents the retrieval evaluator searches (every split\'s documents plus dataset.corpus); null for evaluators without a corpus.' }),
  split: z.enum(['validation']).optional().meta({ description: 'These metrics are the validation set\'s (the charts\' step 0); the base model\'s test score is in completed.' }),
  n: int.min(0).nullable().optional().meta({ description: 'Validation queries (retrieval), pairs or triplets.' }),
}, 'The base model evaluated on the validation set before training.');

export const trainLogSchema = event('train_log', {
  step: int.min(0),
  total_steps: int.min(0).nullable(),
  epoch: num,
  loss: num,
  learning_rate: num,
  grad_norm: num,
  samples_per_second: num,
}, 'Training progress.');

export const evalSchema = event('eval', {
  step: int.min(0),
  epoch: num,
  metrics,
  primary_metric: z.string(),
  primary_value: num,
}, 'An evaluation during training.');

export const checkpointSchema = event('checkpoint', {
  step: int.min(0),
  path: z.string(),
}, 'A checkpoint was written.');

export const warningSchema = event('warning', {
  code: z.string().meta({ description: 'e.g. collapsed_loss, nan_loss, empty_rows.' }),
  message: z.string(),
  hint: z.string().nullable(),
}, 'Something the user should know; the run goes on.');

export const completedSchema = event('completed', {
  final_metrics: metrics,
  baseline_metrics: metrics,
  deltas: metrics.meta({ description: 'final - baseline per metric.' }),
  primary_metric: z.string(),
  primary_value: num,
  split: z.enum(['test', 'validation']).optional().meta({ description: 'test: final_metrics and baseline_metrics are the test set\'s, the chosen model and the base model each scored once; validation: a sweep trial, which never touches the test set.' }),
  n: int.min(0).nullable().optional().meta({ description: 'Test queries (retrieval), pairs or triplets: what the interval resamples.' }),
  corpus_size: int.min(0).nullable().optional().meta({ description: 'Documents the test queries were searched against; null for evaluators without a corpus.' }),
  delta_ci95: z.tuple([num, num]).nullable().optional().meta({ description: 'Paired bootstrap 95% interval of primary gain (chosen - base) over the test items; null where the metric has no per-item form.' }),
  verdict: z.enum(VERDICTS).nullable().optional().meta({ description: 'better / worse when the interval excludes 0, else no clear change; null without an interval.' }),
  also: z.array(alsoSchema).optional().meta({ description: 'evaluation.also: extra sets scored before and after (forgetting check).' }),
  model_path: z.string(),
  best_checkpoint: z.string().nullable(),
  hub_url: z.string().nullable(),
  durations: z.record(z.string(), z.number()).meta({ description: 'Seconds per phase, plus "total".' }),
  peak_gpu_memory_mb: num,
}, 'The run finished and the model is saved; the metrics are the test set\'s.');

export const errorSchema = event('error', {
  category: z.enum(ERROR_CATEGORIES),
  message: z.string(),
  hint: z.string().nullable(),
  phase: z.enum(PHASES).nullable(),
  traceback_tail: z.array(z.string()),
}, 'The run failed; the process exits non-zero.');

export const runEventSchema = z
  .discriminatedUnion('type', [
    runStartedSchema, phaseSchema, datasetSchema, hardNegativesSchema, baselineSchema, trainLogSchema, evalSchema,
    checkpointSchema, warningSchema, completedSchema, errorSchema, ...sweepEventSchemas, ...setupEventSchemas,
  ])
  .meta({
    title: 'Fine-tune Embeddings run event',
    description: `One event per stdout line, prefixed with "${EVENT_MARKER}" (marker and one space), protocol version ${PROTOCOL_VERSION}. The same JSON, without the marker, is appended to RUN_DIR/events.jsonl.`,
  });

export type RunEvent = z.infer<typeof runEventSchema>;
export type EventType = RunEvent['type'];
export type EventOf<T extends EventType> = Extract<RunEvent, { type: T }>;
export type Phase = (typeof PHASES)[number];
export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];
