/**
 * The job spec: the resolved, defaults-filled JSON that `finetune-embeddings job FILE --json`
 * prints and that `gpu-templates/finetune.py --job JOB.json` consumes. Snake_case because
 * Python reads it. Bump JOB_SPEC_VERSION on any breaking change.
 */
export const JOB_SPEC_VERSION = 1;

export type ColumnRole = 'anchor' | 'positive' | 'negative' | 'text1' | 'text2' | 'label' | 'score';

export interface JobColumn {
  /** The role the loss gives this column. */
  role: ColumnRole;
  /** Column name in the user's dataset. */
  source: string;
  /**
   * Column name in the training dataset handed to sentence-transformers. Text columns are
   * passed positionally (in this array's order); the label/score column must be named
   * `label` or `score`, which sentence-transformers recognises by name.
   */
  target: string;
}

/** A second data source (the test set, the corpus): a Hub dataset or a local file, resolved like `dataset`. */
export interface JobSource {
  hub: string | null;
  path: string | null;
  format: 'csv' | 'jsonl' | 'parquet' | null;
  subset: string | null;
  split: string;
}

/** evaluation.also: an extra set in the task's format (forgetting check). */
export interface JobAlsoSet extends JobSource {
  name: string;
  columns: JobColumn[];
}

export interface JobSpec {
  spec_version: number;
  /** Config file name without `.finetune.yaml`, e.g. "quora-duplicates". */
  name: string;
  task: string;
  /** The base model's Hub id or absolute folder. */
  model: string;
  /** `model: { revision, trust_remote_code, attn_implementation }`; absent in older specs. */
  model_options?: JobModelOptions;
  dataset: {
    /** Hub dataset id, or null when `path` is set. */
    hub: string | null;
    /** Local file: absolute path on the launching machine (a backend may rewrite it). */
    path: string | null;
    /** csv | jsonl | parquet for a local file; null for the Hub. */
    format: 'csv' | 'jsonl' | 'parquet' | null;
    subset: string | null;
    split: string;
    /** Fraction of the rows carved out as the test set, in (0, 1); unused when `eval` is set. */
    test_size: number;
    /** Fraction of the training rows carved out as the validation set, in (0, 1). */
    validation_size: number;
    /** At most this many validation rows (the rest train); null = the template's default, 2000. */
    validation_max: number | null;
    /** Seed of the train/validation/test split (separate from training.seed). */
    split_seed: number;
    /** An explicit test set; null = carve one with test_size. Columns default to `columns`' sources. */
    eval: (JobSource & { columns: JobColumn[] }) | null;
    /** Extra retrieval documents; null = none. */
    corpus: (JobSource & { column: string }) | null;
    /** Fraction in (0, 1] or a row count (integer > 1); null = all rows. Applied before the split. */
    sample: number | null;
    /** In the loss's input order: texts first (positional), then label/score. */
    columns: JobColumn[];
    /** Raw label value (lower-cased text) -> 0/1, applied before training; null = none. */
    label_map: Record<string, 0 | 1> | null;
    /** [low, high]: scores are normalised to 0..1 with (s - low) / (high - low); null = as they are. */
    score_range: [number, number] | null;
    /** A text role's target: whole groups of rows sharing its text are held out together; null = random rows. */
    split_by: string | null;
    /** Drop exact duplicate rows (all mapped columns equal) before the split. */
    drop_duplicates: boolean;
    /** Training pairs made from documents (gpu-templates/synthesize.py); `path` is its `out`. Null = none. */
    synthesize: JobSynthesize | null;
  };
  loss: {
    name: string;
    args: Record<string, unknown>;
    /** 'mnrl' (in-batch negatives family), 'contrastive', 'cosent', 'triplet', 'cosine'. */
    family: string;
    /** GISTEmbedLoss / CachedGISTEmbedLoss: the guide model id; otherwise null. */
    guide_model: string | null;
  };
  /** Matryoshka dimensions, largest first, or null. */
  matryoshka: number[] | null;
  evaluator: {
    name: string;
    /** The `name=` given to the evaluator(s); with Matryoshka one per dimension: "dev_768", ... */
    eval_names: string[];
    /** Every key the trainer logs for this evaluator, e.g. "eval_dev_cosine_ap". */
    metric_keys: string[];
    /** The key that picks the best checkpoint, e.g. "eval_dev_cosine_ap". */
    primary_metric: string;
    /** Unprefixed metric name, e.g. "cosine_ap". */
    primary_metric_name: string;
    /** True: higher is better. */
    greater_is_better: boolean;
  };
  training: {
    epochs: number;
    batch_size: number;
    learning_rate: number;
    warmup_ratio: number;
    weight_decay: number;
    precision: 'auto' | 'bf16' | 'fp16' | 'fp32';
    eval_steps: number;
    save_total_limit: number;
    seed: number;
    /** 'no_duplicates' for the in-batch negatives family, else 'batch_sampler'. */
    batch_sampler: 'no_duplicates' | 'batch_sampler' | 'group_by_label';
    max_seq_length: number | null;
    gradient_accumulation_steps: number;
    /** Mine hard negatives for the training split with the base model before training; null = off. */
    hard_negatives: JobHardNegatives | null;
    /** Recompute activations in the backward pass (not with Cached* losses); absent in older specs. */
    gradient_checkpointing?: boolean;
    /** Train a LoRA adapter (peft) instead of every weight; null = full fine-tune; absent in older specs. */
    lora?: JobLora | null;
  };
  compute: {
    backend: 'modal' | 'local';
    /** GPU type without count, e.g. "A10G"; null for local. */
    gpu: string | null;
    gpu_count: number;
    timeout_minutes: number;
    /** Physical CPU cores the container requests (compute.cpu, else per GPU type); null for local. */
    cpu: number | null;
    /** Memory (GiB) the container requests (compute.memory_gb, else per GPU type); null for local. */
    memory_gb: number | null;
  };
  output: {
    push_to_hub: string | null;
    hf_secret: string | null;
    private: boolean;
  };
  sweep: JobSweep | null;
  /** Extra sets scored before and after training; null = none. */
  evaluation: { also: JobAlsoSet[] } | null;
  /** Prompts; the template prefers the base model's own over a `catalog` entry. Absent in older specs. */
  prompts?: JobPrompts;
}

export type JobSynthGenerator =
  | { type: 'ict' }
  | { type: 'openai'; endpoint: string; model: string; temperature: number; concurrency: number; api_key_env: string; price: { input_per_million: number; output_per_million: number } | null }
  | { type: 'modal'; endpoint: string | null; model: string; gpu: string; temperature: number; concurrency: number; api_key_env: string; max_minutes: number };

/** dataset.synthesize, resolved. Every path is absolute. */
export interface JobSynthesize {
  config_dir: string;
  /** Globs, relative to config_dir (or absolute). */
  documents: string[];
  /** The text field of .jsonl documents; null = "text". */
  column: string | null;
  chunk: { tokens: number; overlap: number };
  queries_per_chunk: number;
  /**
   * ict (no LLM), an OpenAI-compatible endpoint (the key is read from the environment variable
   * `api_key_env`), or vLLM on Modal (`endpoint` null until the server is started; its token arrives
   * in `api_key_env`).
   */
  generator: JobSynthGenerator;
  /** Round-trip filter; null = keep every query. */
  filter: { top_k: number } | null;
  /** Cosine at or above which a query is a near duplicate of an earlier one. */
  near_duplicate: number;
  out: string;
  test_out: string;
  chunks_out: string;
  manifest: string;
  cache_dir: string;
  /** dataset.eval holds real questions: no synthetic test set; every document trains. */
  has_eval: boolean;
}

export interface JobLora {
  r: number;
  alpha: number;
  dropout: number;
  /** null: peft's default modules for the architecture. */
  target_modules: string[] | null;
}

export interface JobModelOptions {
  revision: string | null;
  /** Only true when the config says so; the extension asks before launching such a run. */
  trust_remote_code: boolean;
  attn_implementation: 'eager' | 'sdpa' | 'flash_attention_2' | null;
}

/**
 * source `config`: the config's `prompts:` (used as given, "" = none); `catalog`: the model
 * family's, used only when the base model ships no prompts; `none`: the model's own, if any.
 * For symmetric tasks `query` and `document` are the one prompt.
 */
export interface JobPrompts {
  symmetric: boolean;
  query: string | null;
  document: string | null;
  source: 'config' | 'catalog' | 'none';
}

/** sentence-transformers' mine_hard_negatives arguments (num_negatives = count, sampling_strategy = sampling). */
export interface JobHardNegatives {
  count: number;
  sampling: 'top' | 'random';
  /** null: automatic, 0.1% of the mined corpus, at most 10 (skips likely unlabelled positives in large corpora). */
  range_min: number | null;
  range_max: number | null;
  absolute_margin: number | null;
  relative_margin: number | null;
  max_score: number | null;
}

export type SweepParam =
  | { type: 'float'; low: number; high: number; log: boolean; step: number | null }
  | { type: 'int'; low: number; high: number; log: boolean; step: number | null }
  | { type: 'categorical'; choices: Array<string | number | boolean> };

export interface JobSweep {
  trials: number;
  parallel: number;
  timeout_minutes: number | null;
  /** Resolved metric key, e.g. "eval_dev_cosine_ap". */
  metric: string;
  direction: 'maximize' | 'minimize';
  sampler: 'tpe' | 'random' | 'grid';
  pruner: 'median' | 'none';
  /** Keys: training settings ("learning_rate"), "loss_args.<name>", or "model". */
  space: Record<string, SweepParam>;
}
