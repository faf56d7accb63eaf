import type { ColumnRole } from '../job/jobSpec';

export type { ColumnRole };

export type TaskId =
  | 'duplicate-classification'
  | 'information-retrieval'
  | 'semantic-similarity'
  | 'triplet'
  | 'paraphrase-mining';

export type BatchSampler = 'no_duplicates' | 'batch_sampler' | 'group_by_label';

/** A column of a dataset format, in the order the loss reads it. */
export interface ColumnSpec {
  role: ColumnRole;
  kind: 'text' | 'label' | 'score';
  required: boolean;
  /** What the column holds, for tables and hovers. */
  description: string;
}

export interface LossArgSpec {
  name: string;
  type: 'number' | 'string' | 'boolean';
  default?: number | string | boolean;
  /** Inclusive bounds for numbers. */
  min?: number;
  max?: number;
  description: string;
}

export interface LossSpec {
  name: string;
  /** The in-batch negatives family needs NO_DUPLICATES and benefits from big batches. */
  family: 'mnrl' | 'contrastive' | 'cosent' | 'cosine' | 'triplet';
  summary: string;
  args: LossArgSpec[];
  /** True when the loss needs a guide model (`loss_args.guide`). */
  needsGuideModel: boolean;
  docs: string;
}

export interface EvaluatorSpec {
  name: string;
  summary: string;
  /** Metric names as sentence-transformers v6 logs them, without the `eval_<name>_` prefix. */
  metrics: string[];
  primaryMetric: string;
  greaterIsBetter: boolean;
  docs: string;
}

export interface ExampleDataset {
  hub: string;
  subset?: string;
  split: string;
  /** role -> column name in that dataset. */
  columns: Partial<Record<ColumnRole, string>>;
  /** Approximate rows in the split, for time and cost estimates. */
  rows: number;
  note: string;
}

export interface LossChoice {
  loss: string;
  recommended: boolean;
  /** Why this loss fits, or its trade-off against the recommended one. */
  why: string;
}

export interface EvaluatorChoice {
  evaluator: string;
  recommended: boolean;
  why: string;
}

export interface TaskSpec {
  id: TaskId;
  title: string;
  /** One line for cards and quick picks. */
  oneLiner: string;
  /** A short plain-language explanation. */
  explanation: string;
  columns: ColumnSpec[];
  losses: LossChoice[];
  evaluators: EvaluatorChoice[];
  hyperparameters: {
    batch_size: number;
    learning_rate: number;
    epochs: number;
    warmup_ratio: number;
    batch_sampler: BatchSampler;
  };
  examples: ExampleDataset[];
  /** Why hard-negative mining (training.hard_negatives) helps this task; absent where it does not fit. */
  hardNegatives?: string;
}

export interface BaseModelSpec {
  id: string;
  params: string;
  dimensions: number;
  maxSeqLength: number;
  note: string;
  /** The query/document prompts the model was trained with, where its own config does not set them. */
  prompts?: Record<string, string>;
}
