import { z } from 'zod';
import { synthesizeSchema } from './synthesizeSchema';

/**
 * The config language. This zod schema is the single source of the TypeScript types, the
 * generated JSON Schema (for Red Hat YAML users) and the structural diagnostics. Checks that
 * need the catalog (task -> loss -> columns) live in the semantic checks, not here.
 */

const name = (what: string) => z.string().min(1, { error: `${what} must not be empty` });
const int = (what: string) => z.number({ error: `${what} must be a number` }).int({ error: `${what} must be a whole number` });

export const COLUMN_ROLES = ['anchor', 'positive', 'negative', 'text1', 'text2', 'label', 'score'] as const;
export const TEXT_ROLES = ['anchor', 'positive', 'negative', 'text1', 'text2'] as const;

const columnsSchema = z.strictObject(
  Object.fromEntries(COLUMN_ROLES.map((r) => [r, name(`columns.${r}`).optional().describe(`Dataset column that holds the ${r}.`)])) as Record<
    (typeof COLUMN_ROLES)[number],
    z.ZodOptional<z.ZodString>
  >,
).describe('Role -> column name in your dataset. The roles a task needs are listed by `finetune-embeddings pairings`.');

const sourceKeys = (key: string) => ({
  hub: name(`${key}.hub`).optional().describe('Hugging Face Hub dataset id.'),
  path: name(`${key}.path`).optional().describe('Local csv, jsonl or parquet file, relative to this config.'),
  subset: name(`${key}.subset`).optional().describe('Hub dataset subset (configuration name).'),
  split: name(`${key}.split`).optional().describe('Split to read. Default: train.'),
});

export const corpusSchema = z.strictObject({
  ...sourceKeys('dataset.corpus'),
  column: name('dataset.corpus.column').describe('The column that holds the document texts.'),
}).describe('Extra documents for retrieval evaluation: the evaluator (and Try it) search them besides every document of your data, as your users will.');

export const evalSetSchema = z.strictObject({
  ...sourceKeys('dataset.eval'),
  columns: columnsSchema.optional().describe('Role -> column name in the test set, where its names differ from dataset.columns.'),
}).describe('An explicit test set, scored exactly twice: the base model before training and the chosen model after. Without it, dataset.test_size carves one from the data.');

const fraction = (key: string, what: string) => z.number().gt(0, { error: `${key} must be in (0, 1): ${what}` }).lt(1, { error: `${key} must be in (0, 1): ${what}` });

export const datasetSchema = z.strictObject({
  hub: name('dataset.hub').optional().describe('Hugging Face Hub dataset id, e.g. sentence-transformers/quora-duplicates.'),
  path: name('dataset.path').optional().describe('Local csv, jsonl or parquet file, relative to this config.'),
  subset: name('dataset.subset').optional().describe('Hub dataset subset (configuration name).'),
  split: name('dataset.split').optional().describe('Split to train on. Default: train.'),
  test_size: z.number().gt(0, { error: 'dataset.test_size must be in (0, 1): the held-out fraction' }).lt(1, { error: 'dataset.test_size must be in (0, 1): the held-out fraction' })
    .optional().describe('Fraction of the rows held out as the test set (scored before and after training), in (0, 1), when dataset.eval names none. Default: 0.1.'),
  validation_size: fraction('dataset.validation_size', 'the fraction of the training rows held out for validation').optional()
    .describe('Fraction of the training rows held out as the validation set (checkpoint choice, live evaluation, a sweep\'s trial choice). Default: 0.1.'),
  validation_max: int('dataset.validation_max').min(1, { error: 'dataset.validation_max must be at least 1' }).optional()
    .describe('At most this many validation rows (it is scored at every evaluation; the rows over the cap train). Default: 2000.'),
  split_seed: int('dataset.split_seed').min(0, { error: 'dataset.split_seed must be at least 0' }).optional()
    .describe('Seed of the train/validation/test split, separate from training.seed, so changing the training seed keeps the test set. Default: 42.'),
  eval: evalSetSchema.optional(),
  corpus: corpusSchema.optional(),
  synthesize: synthesizeSchema.optional(),
  sample: z.number().positive({ error: 'dataset.sample must be a fraction in (0, 1] or a positive row count' })
    .refine((n) => n <= 1 || Number.isInteger(n), { error: 'dataset.sample above 1 is a row count and must be a whole number' })
    .optional().describe('Subsample before splitting: a fraction in (0, 1] or a row count.'),
  columns: columnsSchema.optional(),
  label_map: z.record(z.string(), z.union([z.literal(0), z.literal(1)], { error: 'dataset.label_map values must be 0 or 1' }))
    .optional().describe('Maps the label values in your data to 0/1 before training, e.g. { "yes": 1, "no": 0 }.'),
  score_range: z.tuple([z.number(), z.number()], { error: 'dataset.score_range must be [low, high], e.g. [0, 5]' })
    .refine(([low, high]) => low < high, { error: 'dataset.score_range must be [low, high] with low < high' })
    .optional().describe('The range your scores use, e.g. [0, 5]: they are normalised to 0..1 before training.'),
  split_by: z.enum(TEXT_ROLES, { error: `dataset.split_by must be a text role: ${TEXT_ROLES.join(', ')}` }).optional()
    .describe('Hold out whole groups of rows sharing this role\'s text instead of the default grouping. By default no text is on two sides of a split: pair tasks keep rows that share any text together (connected components over text1 and text2), retrieval and triplets group by anchor.'),
  drop_duplicates: z.boolean({ error: 'dataset.drop_duplicates must be true or false' }).optional()
    .describe('Drop exact duplicate rows before the split; duplicates would also leak into the held-out set. Default: false.'),
});

export const alsoSetSchema = z.strictObject({
  name: name('evaluation.also[].name').describe('What to call this set in the report, e.g. last-quarter.'),
  ...sourceKeys('evaluation.also[]'),
  columns: columnsSchema.optional().describe('Role -> column name in this set, where its names differ from dataset.columns.'),
}).describe('An extra set in the task\'s format, scored with the base model before training and the fine-tuned one after.');

export const evaluationSchema = z.strictObject({
  also: z.array(alsoSetSchema).optional().describe('Forgetting check: extra sets scored before and after, each with its change and 95% interval.'),
});

export const HARD_NEGATIVE_SAMPLING = ['top', 'random'] as const;

const margin = (what: string) => z.number({ error: `training.hard_negatives.${what} must be a number` });
export const hardNegativesSchema = z.strictObject({
  count: int('training.hard_negatives.count').min(1, { error: 'training.hard_negatives.count must be between 1 and 64' }).max(64, { error: 'training.hard_negatives.count must be between 1 and 64' })
    .optional().describe('Hard negatives mined per (anchor, positive) row. Default: 1.'),
  sampling: z.enum(HARD_NEGATIVE_SAMPLING, { error: 'training.hard_negatives.sampling must be top or random' }).optional()
    .describe('top: the most similar non-positive passages; random: a random pick among the candidates (range_min..range_max). Default: top.'),
  range_min: int('training.hard_negatives.range_min').min(0, { error: 'training.hard_negatives.range_min must be at least 0' }).optional()
    .describe('Skip the N most similar candidates (in a large corpus they are often unlabelled positives). Default: 0.1% of the corpus, at most 10 (0 below 1,000 passages).'),
  range_max: int('training.hard_negatives.range_max').min(1, { error: 'training.hard_negatives.range_max must be at least 1' }).optional()
    .describe('Consider only the N most similar candidates. Default: derived from count.'),
  absolute_margin: margin('absolute_margin').optional().describe('Skip candidates scoring within this margin of the positive (cosine). Guards against false negatives.'),
  relative_margin: margin('relative_margin').min(0, { error: 'training.hard_negatives.relative_margin must be in [0, 1)' }).lt(1, { error: 'training.hard_negatives.relative_margin must be in [0, 1)' }).optional()
    .describe('Skip candidates scoring above (1 - margin) x the positive\'s score. Guards against false negatives. Default: 0.05 unless absolute_margin is set.'),
  max_score: margin('max_score').optional().describe('Skip candidates more similar than this to the anchor (likely paraphrases of the answer).'),
}).describe('Mine hard negatives with the base model before training (sentence-transformers mine_hard_negatives), for information retrieval and triplet tasks.');

export const loraSchema = z.strictObject({
  r: int('training.lora.r').min(1, { error: 'training.lora.r must be between 1 and 1024' }).max(1024, { error: 'training.lora.r must be between 1 and 1024' }).optional()
    .describe('Adapter rank: capacity and memory. 8-128; default 64 (the maintainers\' LoRA example).'),
  alpha: z.number({ error: 'training.lora.alpha must be a number' }).positive({ error: 'training.lora.alpha must be greater than 0' }).optional()
    .describe('Scaling of the adapter update; default 2 x r.'),
  dropout: z.number({ error: 'training.lora.dropout must be a number' }).min(0, { error: 'training.lora.dropout must be in [0, 1)' }).lt(1, { error: 'training.lora.dropout must be in [0, 1)' }).optional()
    .describe('Dropout on the adapter input; 0.05-0.1 (0.1 for small datasets). Default: 0.05.'),
  target_modules: z.array(name('training.lora.target_modules entry'), { error: 'training.lora.target_modules must be a list of module names, e.g. [query, value]' }).min(1, { error: 'training.lora.target_modules needs at least one module name' }).optional()
    .describe('Module names to adapt, e.g. [query, key, value] (BERT) or [q_proj, k_proj, v_proj, o_proj] (decoders). Default: peft\'s choice for the architecture.'),
}).describe('Train a LoRA adapter instead of every weight (peft): for large bases (Qwen3-Embedding, 1B+) where a full fine-tune does not fit. Saves the adapter and a merged model. Default learning rate becomes 2e-4.');

export const trainingSchema = z.strictObject({
  epochs: z.number().positive({ error: 'training.epochs must be greater than 0' }).max(1000, { error: 'training.epochs must be at most 1000' }).optional().describe('Passes over the training set (fractions allowed).'),
  batch_size: int('training.batch_size').min(1, { error: 'training.batch_size must be at least 1' }).max(65536, { error: 'training.batch_size must be at most 65536' }).optional().describe('Examples per step per GPU.'),
  learning_rate: z.number().gt(0, { error: 'training.learning_rate must be in (0, 1); typical values are 1e-5 to 1e-4' }).lt(1, { error: 'training.learning_rate must be in (0, 1); typical values are 1e-5 to 1e-4' }).optional().describe('Peak learning rate of AdamW.'),
  warmup_ratio: z.number().min(0, { error: 'training.warmup_ratio must be in [0, 1)' }).lt(1, { error: 'training.warmup_ratio must be in [0, 1)' }).optional().describe('Fraction of steps with linear warm-up.'),
  weight_decay: z.number().min(0, { error: 'training.weight_decay must be at least 0' }).max(1, { error: 'training.weight_decay must be at most 1' }).optional().describe('AdamW weight decay. Default: 0.01.'),
  precision: z.enum(['auto', 'bf16', 'fp16', 'fp32'], { error: 'training.precision must be one of auto, bf16, fp16, fp32' }).optional().describe('auto: bf16 on Ampere or later (compute capability 8.0+: A10G, L4, A100, H100) with TF32, fp16 on older GPUs (T4), fp32 on a CPU. The run\'s choice is in its start event.'),
  eval_steps: z.number({ error: 'training.eval_steps must be a number' }).positive({ error: 'training.eval_steps must be a step count (>= 1) or a fraction of the run in (0, 1)' })
    .refine((n) => n < 1 || Number.isInteger(n), { error: 'training.eval_steps above 1 is a step count and must be a whole number; use a fraction in (0, 1) for a share of the run' })
    .optional().describe('Evaluate on the validation split and checkpoint every N steps, or every fraction of the run (0.25: four times). Default: 100.'),
  save_total_limit: int('training.save_total_limit').min(1, { error: 'training.save_total_limit must be at least 1' }).optional().describe('Checkpoints kept on the volume (the best is always kept).'),
  seed: int('training.seed').min(0, { error: 'training.seed must be at least 0' }).optional().describe('Random seed for the split, sampling and training.'),
  batch_sampler: z.enum(['no_duplicates', 'batch_sampler', 'group_by_label'], { error: 'training.batch_sampler must be one of no_duplicates, batch_sampler, group_by_label' }).optional().describe('Default: no_duplicates for in-batch-negative losses, else batch_sampler.'),
  max_seq_length: int('training.max_seq_length').min(8, { error: 'training.max_seq_length must be at least 8' }).max(32768, { error: 'training.max_seq_length must be at most 32768' }).optional().describe('Truncate texts to this many tokens. Default: the model\'s own limit, except long-context models (over 512), which are capped at 512 or the data\'s 99th-percentile length if shorter: their 8k-32k default allocates memory for texts you do not have.'),
  gradient_accumulation_steps: int('training.gradient_accumulation_steps').min(1, { error: 'training.gradient_accumulation_steps must be at least 1' }).optional().describe('Steps to accumulate before an optimizer update.'),
  hard_negatives: hardNegativesSchema.optional(),
  lora: loraSchema.optional(),
  gradient_checkpointing: z.boolean({ error: 'training.gradient_checkpointing must be true or false' }).optional()
    .describe('Recompute activations in the backward pass: ~40% less activation memory, ~30% slower. Not with Cached* losses (they already bound memory). Default: false.'),
});

export const computeSchema = z.strictObject({
  backend: z.enum(['modal', 'local'], { error: 'compute.backend must be modal or local' }).optional().describe('modal: a Modal GPU sandbox; local: a Python on this machine.'),
  gpu: z.string({ error: 'compute.gpu must be a GPU type such as A10G or H100:2' }).optional().describe('Modal GPU type, optionally :N for N GPUs (up to 8; A10G up to 4).'),
  timeout_minutes: int('compute.timeout_minutes').min(1, { error: 'compute.timeout_minutes must be between 1 and 1440' }).max(1440, { error: 'compute.timeout_minutes must be between 1 and 1440' }).optional()
    .describe('The job is stopped after this long; the worst-case cost is timeout x price.'),
  cpu: z.number({ error: 'compute.cpu must be a number of CPU cores, e.g. 4' })
    .min(0.125, { error: 'compute.cpu must be between 0.125 and 64 physical cores' }).max(64, { error: 'compute.cpu must be between 0.125 and 64 physical cores' }).optional()
    .describe('Physical CPU cores to request on Modal (billed per core-second). Default: 4 per GPU (8 on 40 GB+ GPUs).'),
  memory_gb: z.number({ error: 'compute.memory_gb must be a number of GiB, e.g. 16' })
    .min(0.125, { error: 'compute.memory_gb must be between 0.125 and 1024 GiB' }).max(1024, { error: 'compute.memory_gb must be between 0.125 and 1024 GiB' }).optional()
    .describe('Memory (GiB) to request on Modal (billed per GiB-second). Default: 16 per GPU (32-64 on 40 GB+ GPUs).'),
});

export const outputSchema = z.strictObject({
  push_to_hub: name('output.push_to_hub').optional().describe('Hub repo id to push the final model to, e.g. my-org/bge-quora.'),
  hf_secret: name('output.hf_secret').optional().describe('Name of the Modal secret holding HF_TOKEN.'),
  private: z.boolean({ error: 'output.private must be true or false' }).optional().describe('Push as a private repository. Default: true.'),
});

const bound = z.number({ error: 'low and high must be numbers' });
export const sweepParamSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('float'), low: bound, high: bound, log: z.boolean().optional(), step: z.number().positive().optional() }),
  z.strictObject({ type: z.literal('int'), low: bound, high: bound, log: z.boolean().optional(), step: z.number().int().positive().optional() }),
  z.strictObject({ type: z.literal('categorical'), choices: z.array(z.union([z.string(), z.number(), z.boolean()])) }),
], { error: 'a search parameter needs `type: float`, `type: int` or `type: categorical`' });

export const sweepSchema = z.strictObject({
  trials: int('sweep.trials').min(1, { error: 'sweep.trials must be at least 1' }).max(10000, { error: 'sweep.trials must be at most 10000' }).optional().describe('Number of trials. Default: 20.'),
  parallel: int('sweep.parallel').min(1, { error: 'sweep.parallel must be between 1 and 32' }).max(32, { error: 'sweep.parallel must be between 1 and 32' }).optional().describe('GPU workers at once. Default: 1.'),
  timeout_minutes: int('sweep.timeout_minutes').min(1, { error: 'sweep.timeout_minutes must be at least 1' }).optional().describe('Stop starting trials after this long.'),
  metric: name('sweep.metric').optional().describe('Metric to optimise; auto = the evaluator\'s primary metric.'),
  direction: z.enum(['maximize', 'minimize'], { error: 'sweep.direction must be maximize or minimize' }).optional(),
  sampler: z.enum(['tpe', 'random', 'grid'], { error: 'sweep.sampler must be tpe, random or grid' }).optional().describe('Default: tpe.'),
  pruner: z.enum(['median', 'none'], { error: 'sweep.pruner must be median or none' }).optional().describe('Default: median.'),
  space: z.record(z.string(), sweepParamSchema).optional().describe('Parameter -> search range: training settings, loss_args.<name>, or model.'),
});

const promptText = (what: string) => z.string({ error: `prompts.${what} must be a string, e.g. "query: " (quote it to keep the trailing space)` });
export const promptsSchema = z.strictObject({
  query: promptText('query').optional().describe('Prepended to queries (the anchor column) in training, every evaluation, mining, Try it and the saved model, e.g. "query: ". Retrieval and triplet tasks.'),
  document: promptText('document').optional().describe('Prepended to documents (positive and negative columns), e.g. "passage: ". Retrieval and triplet tasks.'),
  prompt: promptText('prompt').optional().describe('Symmetric tasks (duplicate-classification, semantic-similarity, paraphrase-mining): one prompt for every text.'),
}).describe('Instruction prefixes. Default: the base model\'s own prompts (its config_sentence_transformers.json), else its family\'s (e5, nomic, bge, mxbai, ...). "" turns one off. Trailing spaces matter.');

export const ATTN_IMPLEMENTATIONS = ['eager', 'sdpa', 'flash_attention_2'] as const;
export const modelObjectSchema = z.strictObject({
  id: name('model.id').describe('Hub id (org/name) or a local folder.'),
  revision: name('model.revision').optional().describe('Branch, tag or commit of the Hub repository. A commit hash pins exactly which weights (and code) run.'),
  trust_remote_code: z.boolean({ error: 'model.trust_remote_code must be true or false' }).optional()
    .describe('Run the Python code the model repository ships (custom architectures: some nomic, gte, Jina models). Off unless you say so; needs a trusted workspace, and you are asked before each launch. Pin a revision.'),
  attn_implementation: z.enum(ATTN_IMPLEMENTATIONS, { error: `model.attn_implementation must be one of ${ATTN_IMPLEMENTATIONS.join(', ')}` }).optional()
    .describe('Attention kernel: sdpa (default in transformers), eager, or flash_attention_2 (needs the flash-attn package and an Ampere+ GPU).'),
}).describe('The base model with loading options.');

export const configSchema = z.strictObject({
  task: name('task').describe('What you are training for: duplicate-classification, information-retrieval, semantic-similarity, triplet, paraphrase-mining.'),
  model: z.union([name('model'), modelObjectSchema], { error: 'model must be a Hub id, a local folder, or { id, revision?, trust_remote_code?, attn_implementation? }' })
    .describe('Base model: a Hub id, a local folder, or { id, revision, trust_remote_code, attn_implementation }.'),
  dataset: datasetSchema,
  loss: name('loss').optional().describe('sentence-transformers loss class. Default: the task\'s recommended loss.'),
  loss_args: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional().describe('Keyword arguments for the loss.'),
  evaluator: name('evaluator').optional().describe('sentence-transformers evaluator class. Default: the task\'s recommended evaluator.'),
  matryoshka: z.array(int('matryoshka dimension').min(1, { error: 'matryoshka dimensions must be at least 1' })).min(1, { error: 'matryoshka needs at least one dimension' }).optional()
    .describe('Matryoshka dimensions, largest first: trains embeddings that still work when truncated.'),
  prompts: promptsSchema.optional(),
  training: trainingSchema.optional(),
  compute: computeSchema.optional(),
  output: outputSchema.optional(),
  sweep: sweepSchema.optional(),
  evaluation: evaluationSchema.optional(),
});

export type FinetuneConfig = z.infer<typeof configSchema>;
export type SweepParamConfig = z.infer<typeof sweepParamSchema>;
