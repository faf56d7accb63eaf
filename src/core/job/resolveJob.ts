import { basename, dirname, isAbsolute, join } from 'node:path';
import { getEvaluator } from '../catalog/evaluators';
import { getLoss } from '../catalog/losses';
import { getTask } from '../catalog/tasks';
import type { ColumnRole } from '../catalog/types';
import { datasetFormat } from '../config/checks/datasetChecks';
import { isLocalModel, resolveModelPath } from '../config/checks/modelChecks';
import { defaultResources, GPUS, parseGpu, type ParsedGpu } from '../cost/gpus';
import type { FinetuneConfig, SweepParamConfig } from '../config/schema';
import { configSchema } from '../config/schema';
import { hasErrors, validateConfig } from '../config/validate';
import { flatIssues } from '../config/structuralChecks';
import type { ValidateOptions } from '../config/validate';
import type { Diagnostic } from '../config/diagnostic';
import type { JobHardNegatives, JobSource, JobSpec, JobSweep, SweepParam } from './jobSpec';
import { JOB_SPEC_VERSION } from './jobSpec';
import { synthJob } from './synthJob';
import { jobPrompts } from './jobPrompts';
import { jobLora, LORA_LEARNING_RATE, modelOptions } from './jobModel';
import { modelIdOf } from '../config/modelRef';

export const EVAL_NAME = 'dev';
export const DEFAULT_GPU = 'A10G';
export const DEFAULT_TIMEOUT_MINUTES = 60;
/** sentence-transformers' dataset_formats.md, "Filtering false negatives": relative_margin 0.05. */
export const DEFAULT_RELATIVE_MARGIN = 0.05;

export type ResolveResult = { ok: true; job: JobSpec; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** Validates a config file's text and, when it has no errors, resolves it into the job spec. */
export function resolveJob(text: string, configPath: string, options: ValidateOptions = {}): ResolveResult {
  const configDir = dirname(configPath);
  const { diagnostics, value } = validateConfig(text, { configDir, ...options });
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };
  // Unknown keys are only warnings (they are ignored), but the strict schema rejects them: drop them first.
  const parsed = configSchema.safeParse(withoutUnknownKeys(value));
  if (!parsed.success) {
    const message = `The config cannot be resolved into a job: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}.`;
    return { ok: false, diagnostics: [...diagnostics, { severity: 'error', code: 'internal-error', message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } }] };
  }
  return { ok: true, job: buildJob(parsed.data, configPath, options.fileExists), diagnostics };
}

/** A copy of `value` without the keys the strict schema does not know (reported as unknown-key warnings). */
function withoutUnknownKeys(value: unknown): unknown {
  const first = configSchema.safeParse(value);
  if (first.success) return value;
  const copy = structuredClone(value) as Record<string, unknown>;
  for (const issue of flatIssues(first.error.issues, value)) {
    if (issue.code !== 'unrecognized_keys') continue;
    let target: unknown = copy;
    for (const p of issue.path) target = target && typeof target === 'object' ? (target as Record<PropertyKey, unknown>)[p] : undefined;
    if (target && typeof target === 'object') for (const key of issue.keys) delete (target as Record<string, unknown>)[key];
  }
  return copy;
}

export function configName(configPath: string): string {
  return basename(configPath).replace(/\.finetune\.ya?ml$/i, '').replace(/\.ya?ml$/i, '');
}

/** Fills every default from the catalog. Assumes a config that validated without errors. */
export function buildJob(c: FinetuneConfig, configPath: string, exists?: (path: string) => boolean): JobSpec {
  const task = getTask(c.task);
  if (!task) throw new Error(`unknown task ${c.task}`);
  const lossName = c.loss ?? task.losses.find((l) => l.recommended)!.loss;
  const loss = getLoss(lossName)!;
  const evaluator = getEvaluator(c.evaluator ?? task.evaluators.find((e) => e.recommended)!.evaluator)!;
  const evalNames = c.matryoshka ? c.matryoshka.map((d) => `${EVAL_NAME}_${d}`) : [EVAL_NAME];
  const gpu = parseGpu(c.compute?.gpu ?? DEFAULT_GPU);
  const backend = c.compute?.backend ?? 'modal';
  const t = c.training ?? {};
  const hp = task.hyperparameters;
  const synth = c.dataset.synthesize ? synthJob(c.dataset.synthesize, configPath, c.dataset.eval !== undefined) : null;
  const path = localDatasetPath(c, configPath);
  const columns: Partial<Record<ColumnRole, string>> = synth ? { anchor: 'anchor', positive: 'positive' } : c.dataset.columns ?? {};
  const ordered = task.columns.filter((col) => columns[col.role] !== undefined);
  const { guide, ...lossArgs } = c.loss_args ?? {};
  const primary = `eval_${evalNames[0]}_${evaluator.primaryMetric}`;
  const modelId = modelIdOf(c.model)!;
  return {
    spec_version: JOB_SPEC_VERSION,
    name: configName(configPath),
    task: task.id,
    // A local folder resolves against the config, as dataset.path does (the template runs elsewhere).
    model: isLocalModel(modelId, dirname(configPath), exists) ? resolveModelPath(modelId, dirname(configPath)) : modelId,
    model_options: modelOptions(c.model),
    dataset: {
      hub: c.dataset.hub ?? null,
      path,
      format: path ? (datasetFormat(path) ?? null) : null,
      subset: c.dataset.subset ?? null,
      split: c.dataset.split ?? 'train',
      test_size: c.dataset.test_size ?? 0.1,
      validation_size: c.dataset.validation_size ?? 0.1,
      validation_max: c.dataset.validation_max ?? null,
      split_seed: c.dataset.split_seed ?? 42,
      eval: c.dataset.eval ? {
        ...source(c.dataset.eval, configPath),
        columns: ordered.map((col) => ({ role: col.role, source: c.dataset.eval?.columns?.[col.role] ?? columns[col.role]!, target: targetName(col.role) })),
      } : synth ? {
        ...source({ path: synth.test_out }, configPath),
        columns: ordered.map((col) => ({ role: col.role, source: columns[col.role]!, target: targetName(col.role) })),
      } : null,
      corpus: synth ? { ...source({ path: synth.chunks_out }, configPath), column: 'text' }
        : c.dataset.corpus ? { ...source(c.dataset.corpus, configPath), column: c.dataset.corpus.column } : null,
      sample: c.dataset.sample ?? null,
      columns: ordered.map((col) => ({ role: col.role, source: columns[col.role]!, target: targetName(col.role) })),
      label_map: c.dataset.label_map ? Object.fromEntries(Object.entries(c.dataset.label_map).map(([k, v]) => [k.trim().toLowerCase(), v])) : null,
      score_range: c.dataset.score_range ?? null,
      split_by: c.dataset.split_by ? targetName(c.dataset.split_by) : null,
      drop_duplicates: c.dataset.drop_duplicates ?? false,
      synthesize: synth,
    },
    loss: {
      name: loss.name,
      args: { ...Object.fromEntries(loss.args.filter((a) => a.default !== undefined && a.name !== 'guide').map((a) => [a.name, a.default])), ...lossArgs },
      family: loss.family,
      guide_model: loss.needsGuideModel && typeof guide === 'string' ? guide : null,
    },
    matryoshka: c.matryoshka ?? null,
    evaluator: {
      name: evaluator.name,
      eval_names: evalNames,
      metric_keys: evalNames.flatMap((n) => evaluator.metrics.map((m) => `eval_${n}_${m}`)),
      primary_metric: primary,
      primary_metric_name: evaluator.primaryMetric,
      greater_is_better: evaluator.greaterIsBetter,
    },
    training: {
      epochs: t.epochs ?? hp.epochs,
      batch_size: t.batch_size ?? hp.batch_size,
      // LoRA learns at a higher rate than a full fine-tune (the maintainers' LoRA example: 1e-4 to 5e-4).
      learning_rate: t.learning_rate ?? (t.lora ? LORA_LEARNING_RATE : hp.learning_rate),
      warmup_ratio: t.warmup_ratio ?? hp.warmup_ratio,
      weight_decay: t.weight_decay ?? 0.01,
      precision: t.precision ?? 'auto',
      eval_steps: t.eval_steps ?? 100,
      save_total_limit: t.save_total_limit ?? 2,
      seed: t.seed ?? 42,
      batch_sampler: t.batch_sampler ?? (loss.family === 'mnrl' ? 'no_duplicates' : 'batch_sampler'),
      max_seq_length: t.max_seq_length ?? null,
      gradient_accumulation_steps: t.gradient_accumulation_steps ?? 1,
      hard_negatives: t.hard_negatives ? hardNegatives(t.hard_negatives) : null,
      gradient_checkpointing: t.gradient_checkpointing ?? false,
      lora: t.lora ? jobLora(t.lora) : null,
    },
    compute: {
      backend,
      gpu: backend === 'local' ? null : gpu.ok ? gpu.value.gpu.type : DEFAULT_GPU,
      gpu_count: gpu.ok ? gpu.value.count : 1,
      timeout_minutes: c.compute?.timeout_minutes ?? DEFAULT_TIMEOUT_MINUTES,
      ...resources(backend, gpu.ok ? gpu.value : undefined, c.compute),
    },
    output: { push_to_hub: c.output?.push_to_hub ?? null, hf_secret: c.output?.hf_secret ?? null, private: c.output?.private ?? true },
    sweep: c.sweep ? buildSweep(c.sweep, primary, evalNames[0]!) : null,
    evaluation: c.evaluation?.also?.length ? {
      also: c.evaluation.also.map((a) => ({
        name: a.name, ...source(a, configPath),
        columns: ordered.map((col) => ({ role: col.role, source: a.columns?.[col.role] ?? columns[col.role]!, target: targetName(col.role) })),
      })),
    } : null,
    prompts: jobPrompts(c.prompts, modelId, task.id),
  };
}

/** A path written in a config, resolved against the config's folder (the template runs elsewhere). */
function againstConfig(path: string, configPath: string): string {
  return isAbsolute(path) ? path : join(dirname(configPath), path);
}

/** The local file training reads: dataset.synthesize's output or dataset.path; null for a Hub dataset. */
export function localDatasetPath(c: FinetuneConfig, configPath: string): string | null {
  if (c.dataset.synthesize) return synthJob(c.dataset.synthesize, configPath, c.dataset.eval !== undefined).out;
  return c.dataset.path === undefined ? null : againstConfig(c.dataset.path, configPath);
}

/** A test set or corpus source: its local path resolved against the config, like dataset.path. */
function source(s: { hub?: string; path?: string; subset?: string; split?: string }, configPath: string): JobSource {
  const path = s.path === undefined ? null : againstConfig(s.path, configPath);
  return { hub: s.hub ?? null, path, format: path ? (datasetFormat(path) ?? null) : null, subset: s.subset ?? null, split: s.split ?? 'train' };
}

/** `./x` and `../x` name a model folder relative to the config (like dataset.path); anything else is a Hub id or an absolute path. */
function hardNegatives(h: NonNullable<NonNullable<FinetuneConfig['training']>['hard_negatives']>): JobHardNegatives {
  return {
    // Guards by default (gpu-templates/fte/mining/guards.py): an automatic rank floor (null) and a 5% margin
    // unless an absolute margin is given ("use either relative_margin or absolute_margin").
    count: h.count ?? 1, sampling: h.sampling ?? 'top', range_min: h.range_min ?? null, range_max: h.range_max ?? null,
    absolute_margin: h.absolute_margin ?? null,
    relative_margin: h.relative_margin ?? (h.absolute_margin === undefined ? DEFAULT_RELATIVE_MARGIN : null), max_score: h.max_score ?? null,
  };
}

function targetName(role: ColumnRole): string {
  return role;
}

function buildSweep(s: NonNullable<FinetuneConfig['sweep']>, primary: string, evalName: string): JobSweep {
  const metric = !s.metric || s.metric === 'auto' ? primary : s.metric.startsWith('eval_') ? s.metric : `eval_${evalName}_${s.metric}`;
  return {
    trials: s.trials ?? 20,
    parallel: s.parallel ?? 1,
    timeout_minutes: s.timeout_minutes ?? null,
    metric,
    direction: s.direction ?? 'maximize',
    sampler: s.sampler ?? 'tpe',
    pruner: s.pruner ?? 'median',
    space: Object.fromEntries(Object.entries(s.space ?? {}).map(([k, p]) => [k, sweepParam(p)])),
  };
}

function sweepParam(p: SweepParamConfig): SweepParam {
  if (p.type === 'categorical') return { type: 'categorical', choices: p.choices };
  return { type: p.type, low: p.low, high: p.high, log: p.log ?? false, step: p.step ?? null };
}

/** The container's CPU and memory request: the config's, else the GPU type's default (none locally). */
function resources(backend: 'modal' | 'local', gpu: ParsedGpu | undefined, c: FinetuneConfig['compute']): Pick<JobSpec['compute'], 'cpu' | 'memory_gb'> {
  if (backend === 'local') return { cpu: null, memory_gb: null };
  const d = defaultResources(gpu?.gpu ?? GPUS.find((g) => g.type === DEFAULT_GPU)!, gpu?.count ?? 1);
  return { cpu: c?.cpu ?? d.cpu, memory_gb: c?.memory_gb ?? d.memoryGb };
}
