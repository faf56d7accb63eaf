/**
 * The data shapes the panel shows, shared by the extension host and the webview. Plain JSON,
 * no `vscode`, no DOM. The host derives them from the run store and the catalog; the webview
 * never sees a RunSummary or reads a file.
 */
import * as z from 'zod';

const num = z.number().nullable();
const metricMap = z.record(z.string(), num);

/** Every element a finite number (or null where `nullable`): one plain loop, fast even cold (a 100k-step snapshot's first paint). */
function columnOf(nullable: boolean) {
  return (v: unknown): boolean => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) {
      const n: unknown = v[i];
      if (!(typeof n === 'number' ? Number.isFinite(n) : nullable && n === null)) return false;
    }
    return true;
  };
}
const xColumn = z.custom<number[]>(columnOf(false), { message: 'expected an array of finite numbers' });
const yColumn = z.custom<Array<number | null>>(columnOf(true), { message: 'expected an array of finite numbers or null' });

/** A chart series in columns: x (step) and y (value, null for NaN). Columnar keeps big runs cheap to validate. */
export const seriesSchema = z.object({ x: xColumn, y: yColumn })
  .refine((s) => s.x.length === s.y.length, { message: 'x and y must have the same length' });
export type Series = z.infer<typeof seriesSchema>;

export const runSeriesSchema = z.object({
  loss: seriesSchema,
  learningRate: seriesSchema,
  /** Full evaluator keys ("eval_dev_cosine_ap"); the baseline is the point at step 0. */
  metrics: z.record(z.string(), seriesSchema),
});
export type RunSeriesData = z.infer<typeof runSeriesSchema>;

export const RUN_STATES = ['starting', 'running', 'completed', 'failed', 'cancelled', 'timed_out', 'lost'] as const;

/** A run or sweep that may still change (and cost money). */
export function isActiveState(state: string): boolean {
  return state === 'starting' || state === 'running';
}

/** What every launch record shows (a run's and a sweep's status both start with these). */
export const launchFields = {
  name: z.string(),
  configPath: z.string(),
  backend: z.enum(['modal', 'local']),
  state: z.enum(RUN_STATES),
  message: z.string().nullable(),
  createdAt: z.string(),
  endedAt: z.string().nullable(),
};

export const runStatusSchema = z.object({
  runId: z.string().min(1),
  ...launchFields,
  gpu: z.string().nullable(),
  gpuName: z.string().nullable(),
  gpuCount: z.number(),
  pricePerHour: z.number(),
  timeoutMinutes: z.number(),
  task: z.string().nullable(),
  model: z.string().nullable(),
  phase: z.string().nullable(),
  step: z.number(),
  totalSteps: num,
  fraction: num,
  epoch: num,
  attempts: z.number(),
  /** The window lost contact with the run (it goes on; following is retried). */
  reconnecting: z.boolean(),
  /** Seconds of training left at `updatedAt`, extrapolated from progress; null when unknown. */
  etaSeconds: num,
  updatedAt: z.string().nullable(),
  primaryMetric: z.string().nullable(),
  greaterIsBetter: z.boolean(),
  /** The evaluator's metric keys in catalog order (full keys as logged). */
  metricKeys: z.array(z.string()),
  /** The test set's base-model metrics once completed, else the validation baseline. */
  baseline: metricMap.nullable(),
  /** The test set's fine-tuned metrics once completed, else the latest validation evaluation. */
  latest: metricMap.nullable(),
  finalIsComplete: z.boolean(),
  /** Which split `baseline` and `latest` are from: every number on screen says so. */
  split: z.enum(['validation', 'test']),
  /** The test report (completed runs): what `finetune-embeddings report` prints. */
  report: z.object({
    metric: z.string(), n: num, corpusSize: num, baseline: num, finetuned: num, delta: num,
    ci95: z.tuple([num, num]).nullable(), verdict: z.enum(['better', 'no clear change', 'worse']).nullable(),
    also: z.array(z.object({ name: z.string(), metric: z.string(), n: num, baseline: num, finetuned: num, delta: num, ci95: z.tuple([num, num]).nullable(), verdict: z.enum(['better', 'no clear change', 'worse']).nullable() })),
  }).nullable(),
  best: z.object({ step: z.number(), value: z.number() }).nullable(),
  dataset: z.object({ trainRows: z.number(), evalRows: z.number(), validationRows: num, testRows: num, corpusSize: num }).nullable(),
  /** training.hard_negatives: what mining found with the base model before training. */
  hardNegatives: z.object({
    rows: z.number(), minedRows: z.number(), filledRows: z.number(), count: z.number(), sampling: z.string(),
    positiveScore: num, negativeScore: num, seconds: z.number(),
  }).nullable(),
  /** What the run trains with: prompts, precision, parameter counts (training_setup). */
  setup: z.object({
    precision: z.string(), tf32: z.boolean(), computeCapability: z.string().nullable(), maxSeqLength: num,
    prompts: z.object({ query: z.string(), document: z.string(), symmetric: z.boolean(), source: z.string() }),
    trainableParameters: z.number(), totalParameters: z.number(), negativesPerExample: num,
  }).nullable().optional(),
  warnings: z.array(z.object({ code: z.string(), message: z.string(), hint: z.string().nullable() })),
  error: z.object({ category: z.string(), message: z.string(), hint: z.string().nullable(), phase: z.string().nullable() }).nullable(),
  completed: z.object({ modelPath: z.string(), hubUrl: z.string().nullable(), bestCheckpoint: z.string().nullable(), totalSeconds: num }).nullable(),
  logTail: z.array(z.string()),
});
export type RunStatus = z.infer<typeof runStatusSchema>;

export const compareRunSchema = z.object({
  runId: z.string(),
  name: z.string(),
  state: z.enum(RUN_STATES),
  primaryMetric: z.string().nullable(),
  curve: seriesSchema,
  baseline: metricMap.nullable(),
  final: metricMap.nullable(),
  /** Flattened config ("training.learning_rate" -> "2e-05"). */
  config: z.record(z.string(), z.string()),
});
export type CompareRun = z.infer<typeof compareRunSchema>;

const columnSpec = z.object({ role: z.string(), kind: z.enum(['text', 'label', 'score']), required: z.boolean(), description: z.string() });
const choice = z.object({ recommended: z.boolean(), why: z.string() });
export const catalogSchema = z.object({
  tasks: z.array(z.object({
    id: z.string(), title: z.string(), oneLiner: z.string(), explanation: z.string(),
    columns: z.array(columnSpec),
    losses: z.array(choice.extend({ loss: z.string() })),
    evaluators: z.array(choice.extend({ evaluator: z.string() })),
    hyperparameters: z.object({ batch_size: z.number(), learning_rate: z.number(), epochs: z.number(), warmup_ratio: z.number(), batch_sampler: z.string() }),
    examples: z.array(z.object({ hub: z.string(), subset: z.string().optional(), split: z.string(), columns: z.record(z.string(), z.string()), rows: z.number(), note: z.string() })),
    /** Why hard-negative mining helps this task; absent where it does not fit. */
    hardNegatives: z.string().optional(),
  })),
  losses: z.array(z.object({ name: z.string(), family: z.string(), summary: z.string() })),
  evaluators: z.array(z.object({ name: z.string(), summary: z.string(), primaryMetric: z.string(), metrics: z.array(z.string()) })),
  models: z.array(z.object({ id: z.string(), params: z.string(), dimensions: z.number(), maxSeqLength: z.number(), note: z.string() })),
  gpus: z.array(z.object({ type: z.string(), pricePerHour: z.number(), memoryGb: z.number(), maxCount: z.number() })),
});
export type CatalogData = z.infer<typeof catalogSchema>;

/** Config keys a data-check fix may set in the wizard that have no form field of their own. */
export const DATA_OPTION_KEYS = ['dataset.label_map', 'dataset.score_range', 'dataset.split_by', 'dataset.drop_duplicates', 'training.max_seq_length'] as const;
export type DataOptionKey = (typeof DATA_OPTION_KEYS)[number];
const dataOptionValue = z.union([
  z.record(z.string(), z.union([z.literal(0), z.literal(1)])), z.tuple([z.number(), z.number()]), z.string(), z.boolean(), z.number(),
]);

/** What the wizard's form holds; the host turns it into config text. No secrets. */
export const wizardDraftSchema = z.object({
  task: z.string(),
  name: z.string(),
  model: z.string(),
  datasetKind: z.enum(['hub', 'file']),
  hub: z.string(),
  subset: z.string(),
  split: z.string(),
  /** Absolute path of a local dataset file ('' when none). */
  path: z.string(),
  /** role -> column name. */
  columns: z.record(z.string(), z.string()),
  loss: z.string(),
  evaluator: z.string(),
  epochs: z.number(),
  batchSize: z.number(),
  learningRate: z.number(),
  warmupRatio: z.number(),
  sample: z.number(),
  testSize: z.number(),
  backend: z.enum(['modal', 'local']),
  gpu: z.string(),
  gpuCount: z.number(),
  timeoutMinutes: z.number(),
  /** Folder the config is written to ('' = the workspace root). */
  folder: z.string(),
  /** training.hard_negatives: { count: 1 } (information retrieval and triplet tasks). */
  hardNegatives: z.boolean().optional(),
  /** Values set by data-check fixes, written into the config under their key. */
  dataOptions: z.partialRecord(z.enum(DATA_OPTION_KEYS), dataOptionValue).optional(),
});
export type WizardDraft = z.infer<typeof wizardDraftSchema>;

export const estimateSchema = z.object({
  trainRows: z.number(),
  minutes: z.number(),
  cost: z.number(),
  worstCase: z.number(),
  pricePerHour: z.number(),
  gpuLabel: z.string(),
  /** What the rows are and how training splits them: "960 rows: 777 train, 87 validation, 96 test". */
  rowsText: z.string().optional(),
  /** A local file over the job bundle's limit goes to the Modal volume first (CPU sandbox time). */
  upload: z.object({ bytes: z.number(), minutes: z.number(), cost: z.number(), text: z.string() }).optional(),
});
export type Estimate = z.infer<typeof estimateSchema>;

export const previewDiagnosticSchema = z.object({ severity: z.enum(['error', 'warning', 'info']), message: z.string(), line: z.number() });
export const columnIssueSchema = z.object({ role: z.string(), column: z.string(), message: z.string() });
export type ColumnIssue = z.infer<typeof columnIssueSchema>;

export const datasetPreviewSchema = z.object({
  path: z.string(),
  relPath: z.string(),
  format: z.enum(['csv', 'jsonl', 'parquet']).nullable(),
  previewAvailable: z.boolean(),
  columns: z.array(z.string()),
  rows: z.array(z.array(z.string())),
  approxRows: z.number().nullable(),
  /** The file's size on disk. */
  bytes: z.number().optional(),
  /** True when approxRows counts every row of the file; false when it is estimated from the head. */
  rowsExact: z.boolean().optional(),
  note: z.string(),
  /** Per task id: role -> the column guessed for it from names and values, and why (shown as a guess). */
  guesses: z.record(z.string(), z.record(z.string(), z.object({ column: z.string(), reason: z.string() }))).optional(),
});
export type DatasetPreview = z.infer<typeof datasetPreviewSchema>;

/** A data-doctor finding as the panel shows it; `fix` sets config keys (see fte/findings.py). */
export const dataCheckFindingSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  fix: z.object({ title: z.string(), edits: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), value: z.unknown() })) }).optional(),
});
export type DataCheckFinding = z.infer<typeof dataCheckFindingSchema>;

export const dataCheckSchema = z.object({
  /** running: started; done: findings below; blocked: the config has errors; unavailable: no Python to run it. */
  state: z.enum(['running', 'done', 'blocked', 'unavailable']),
  message: z.string(),
  findings: z.array(dataCheckFindingSchema),
  /** Rows and token lengths in one line, when known. */
  summary: z.string().nullable(),
});
export type DataCheck = z.infer<typeof dataCheckSchema>;
