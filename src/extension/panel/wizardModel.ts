/** The wizard's host-side logic: catalog snapshot, draft -> config text, estimates. Pure (no `vscode`). */
import { EVALUATORS } from '../../core/catalog/evaluators';
import { LOSSES } from '../../core/catalog/losses';
import { BASE_MODELS } from '../../core/catalog/models';
import { getTask, TASKS } from '../../core/catalog/tasks';
import { estimateRunMinutes } from '../../core/cost/estimate';
import { uploadEstimateFor, uploadEstimateText } from '../../core/cost/uploadCost';
import { containerPricePerHour, GPUS, parseGpu } from '../../core/cost/gpus';
import { splitRows, splitRowsText, type SplitRows } from '../../core/config/splitRows';
import { yamlValue } from '../../core/config/yamlEdit';
import type { CatalogData, Estimate, WizardDraft } from '../../protocol/models';

export function catalogData(): CatalogData {
  return {
    tasks: TASKS.map((t) => ({ ...t, columns: t.columns.map((c) => ({ ...c })), examples: t.examples.map((e) => ({ ...e, columns: { ...e.columns } as Record<string, string> })) })),
    losses: LOSSES.map((l) => ({ name: l.name, family: l.family, summary: l.summary })),
    evaluators: EVALUATORS.map((e) => ({ name: e.name, summary: e.summary, primaryMetric: e.primaryMetric, metrics: [...e.metrics] })),
    models: BASE_MODELS.map((m) => ({ ...m })),
    gpus: GPUS.filter((g) => g.type !== 'A100').map((g) => ({ type: g.type, pricePerHour: g.pricePerHour, memoryGb: g.memoryGb, maxCount: g.maxCount })),
  };
}

export interface WizardDefaults {
  backend: 'modal' | 'local';
  /** Why, in words ("the backend of your last run"), for the compute step. */
  why: string;
}

/** The backend a new config starts on: the last run's, else Modal when a token is there to use, else this machine. */
export function wizardDefaults(o: { lastRunBackend: 'modal' | 'local' | null; hasModalToken: boolean }): WizardDefaults {
  if (o.lastRunBackend) return { backend: o.lastRunBackend, why: `the backend of your last run (${o.lastRunBackend === 'local' ? 'this machine' : 'Modal'})` };
  return o.hasModalToken
    ? { backend: 'modal', why: 'a Modal token is set up' }
    : { backend: 'local', why: 'no Modal token is stored: this machine needs no account' };
}

/** A draft with the task's recommendations and its first example dataset. */
export function defaultDraft(taskId = 'duplicate-classification'): WizardDraft {
  const task = getTask(taskId) ?? TASKS[0]!;
  const example = task.examples[0];
  const hp = task.hyperparameters;
  return {
    task: task.id, name: task.id, model: 'BAAI/bge-base-en-v1.5', datasetKind: 'hub',
    hub: example?.hub ?? '', subset: example?.subset ?? '', split: example?.split ?? 'train', path: '',
    columns: { ...(example?.columns ?? {}) } as Record<string, string>,
    loss: task.losses.find((l) => l.recommended)!.loss, evaluator: task.evaluators.find((e) => e.recommended)!.evaluator,
    epochs: hp.epochs, batchSize: hp.batch_size, learningRate: hp.learning_rate, warmupRatio: hp.warmup_ratio,
    sample: 1, testSize: 0.1, backend: 'modal', gpu: 'A10G', gpuCount: 1, timeoutMinutes: 120, folder: '',
  };
}

export function configFileName(draft: Pick<WizardDraft, 'name'>): string {
  const base = draft.name.trim().replace(/\.finetune\.ya?ml$/, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '');
  return `${base || 'my-run'}.finetune.yaml`;
}

const q = (s: string): string => (/^[\w./@-]+$/.test(s) ? s : JSON.stringify(s));
const n = (v: number): string => (Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(1) : String(v));

/** Config text for a draft; `relPath` is the dataset file relative to the config's folder. */
export function draftToConfig(draft: WizardDraft, relPath: string): string {
  const task = getTask(draft.task);
  const lossWhy = task?.losses.find((l) => l.loss === draft.loss)?.why;
  const evalWhy = task?.evaluators.find((e) => e.evaluator === draft.evaluator)?.why;
  const source = draft.datasetKind === 'file'
    ? [`  path: ${q(relPath)}`]
    : [`  hub: ${q(draft.hub)}`, ...(draft.subset ? [`  subset: ${q(draft.subset)}`] : []), `  split: ${q(draft.split || 'train')}`];
  const roles = (task?.columns ?? []).map((c) => c.role).filter((r) => draft.columns[r]);
  const gpu = draft.gpuCount > 1 ? `${draft.gpu}:${draft.gpuCount}` : draft.gpu;
  const options = (section: string) => Object.entries(draft.dataOptions ?? {})
    .filter(([k]) => k.startsWith(`${section}.`)).map(([k, v]) => `  ${k.slice(section.length + 1)}: ${yamlValue(v)}`);
  const mining = draft.hardNegatives && task?.hardNegatives
    ? ['  # Mine a hard negative per row with the base model before training (Data check: hard-negatives-suggested).', '  hard_negatives: { count: 1, relative_margin: 0.05 }  # a negative must score 5% below the answer (false-negative guard)'] : [];
  return [
    `# Fine-tune Embeddings config: ${task?.title.toLowerCase() ?? draft.task}. Written by the panel's wizard.`,
    `task: ${draft.task}`,
    `model: ${q(draft.model)}`,
    'dataset:',
    ...source,
    `  test_size: ${n(draft.testSize)}`,
    `  sample: ${n(draft.sample)}`,
    '  columns:',
    ...roles.map((r) => `    ${r}: ${q(draft.columns[r]!)}`),
    ...options('dataset'),
    ...(lossWhy ? [`# ${lossWhy}`] : []),
    `loss: ${draft.loss}`,
    ...(evalWhy ? [`# ${evalWhy}`] : []),
    `evaluator: ${draft.evaluator}`,
    'training:',
    `  epochs: ${n(draft.epochs)}`,
    `  batch_size: ${draft.batchSize}`,
    `  learning_rate: ${draft.learningRate.toExponential(1)}`,
    `  warmup_ratio: ${n(draft.warmupRatio)}`,
    '  precision: auto',
    '  eval_steps: 100',
    '  seed: 42',
    ...options('training'),
    ...mining,
    'compute:',
    `  backend: ${draft.backend}`,
    ...(draft.backend === 'modal' ? [`  gpu: ${q(gpu)}`] : []),
    `  timeout_minutes: ${draft.timeoutMinutes}   # the worst-case cost is this times the GPU price`,
    '',
  ].join('\n');
}

const paramsM = (model: string): number => {
  const spec = BASE_MODELS.find((m) => m.id === model);
  const v = spec ? Number.parseFloat(spec.params) : NaN;
  return Number.isFinite(v) ? v : 110;
};

/** The draft's rows and their split (train / validation / test) as training will make it. */
export function draftRows(draft: WizardDraft, fileRows: number | null): SplitRows {
  const example = getTask(draft.task)?.examples.find((e) => e.hub === draft.hub && (e.subset ?? '') === draft.subset);
  const total = draft.datasetKind === 'file' ? (fileRows ?? 10_000) : (example?.rows ?? 100_000);
  const sampled = Math.round(draft.sample <= 1 ? total * draft.sample : Math.min(total, draft.sample));
  return splitRows(sampled, draft.testSize);
}

/** Rows to train on: the example's size or the file's size, sampled, minus the test and validation splits. */
export function trainRows(draft: WizardDraft, fileRows: number | null): number {
  return draftRows(draft, fileRows).train;
}

/** `fileBytes`: the local file's size; over the job bundle's limit, its upload is part of the estimate. */
export function estimate(draft: WizardDraft, fileRows: number | null, rowsExact = true, fileBytes?: number): Estimate | null {
  const split = draftRows(draft, fileRows);
  const rows = split.train;
  const known = draft.datasetKind === 'file' ? fileRows !== null && rowsExact : false;
  const rowsText = `${splitRowsText(split, known)}${draft.sample !== 1 ? ' (after dataset.sample)' : ''}`;
  const texts = (getTask(draft.task)?.columns ?? []).filter((c) => c.kind === 'text' && draft.columns[c.role]).length || 2;
  if (draft.backend === 'local') {
    return { trainRows: rows, minutes: 0, cost: 0, worstCase: 0, pricePerHour: 0, gpuLabel: 'this machine', rowsText };
  }
  const parsed = parseGpu(draft.gpuCount > 1 ? `${draft.gpu}:${draft.gpuCount}` : draft.gpu);
  if (!parsed.ok) return null;
  const { gpu, count } = parsed.value;
  const minutes = Math.min(draft.timeoutMinutes, estimateRunMinutes({ trainRows: rows, epochs: draft.epochs, paramsM: paramsM(draft.model), gpuTflops: gpu.tflops, gpuCount: count, textsPerRow: texts }));
  const perHour = containerPricePerHour(gpu, count);
  const upload = draft.datasetKind === 'file' ? uploadEstimateFor(fileBytes) : undefined;
  return {
    trainRows: rows, minutes, cost: perHour * (minutes / 60) + (upload?.cost ?? 0),
    worstCase: perHour * (draft.timeoutMinutes / 60) + (upload?.cost ?? 0), pricePerHour: perHour,
    gpuLabel: count > 1 ? `${count} × ${gpu.type}` : gpu.type, rowsText,
    ...(upload ? { upload: { ...upload, text: uploadEstimateText(upload) } } : {}),
  };
}
