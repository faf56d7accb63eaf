import type { CatalogData, DatasetPreview, WizardDraft } from '../../src/protocol/models';

export type TaskData = CatalogData['tasks'][number];

/** What every wizard section reads, and how it changes the draft. */
export interface WizardContext {
  catalog: CatalogData;
  draft: WizardDraft;
  dataset: DatasetPreview | null;
  task: TaskData;
  /** False until the user picks a task: no task is chosen for them. */
  taskChosen: boolean;
  /** role -> why its column was guessed (from the column name, the values...), until the user picks one. */
  guessed: Record<string, string>;
  /** Why the backend defaulted as it did, while the user has not changed it. */
  backendWhy: string | null;
  /** Updates the draft; `rerender` redraws the sections (task or dataset changed), else only the host preview refreshes. */
  set(change: Partial<WizardDraft>, rerender?: boolean): void;
  /** The user picked a task card. */
  chooseTask(taskId: string): void;
  pickDataset(): void;
  /** "I have documents, no questions": a config that synthesizes its pairs (the host asks for the folder). */
  fromDocuments(): void;
  pickFolder(): void;
  /** Score candidate base models zero-shot on the draft's own test split (the host runs it). */
  compareModels(): void;
}

/** A draft with a task's recommendations (and its first example dataset), keeping the user's model, name and compute. */
export function draftForTask(catalog: CatalogData, taskId: string, base?: WizardDraft): WizardDraft {
  const task = catalog.tasks.find((t) => t.id === taskId) ?? catalog.tasks[0]!;
  const ex = task.examples[0];
  const hp = task.hyperparameters;
  return {
    task: task.id,
    name: base && base.name !== base.task ? base.name : task.id,
    model: base?.model ?? 'BAAI/bge-base-en-v1.5',
    datasetKind: base?.datasetKind === 'file' && base.path ? 'file' : 'hub',
    hub: ex?.hub ?? '', subset: ex?.subset ?? '', split: ex?.split ?? 'train',
    path: base?.path ?? '',
    columns: base?.datasetKind === 'file' && base.path ? {} : { ...(ex?.columns ?? {}) },
    loss: task.losses.find((l) => l.recommended)?.loss ?? task.losses[0]!.loss,
    evaluator: task.evaluators.find((e) => e.recommended)?.evaluator ?? task.evaluators[0]!.evaluator,
    epochs: hp.epochs, batchSize: hp.batch_size, learningRate: hp.learning_rate, warmupRatio: hp.warmup_ratio,
    sample: base?.sample ?? 1, testSize: base?.testSize ?? 0.1,
    backend: base?.backend ?? 'modal', gpu: base?.gpu ?? 'A10G', gpuCount: base?.gpuCount ?? 1, timeoutMinutes: base?.timeoutMinutes ?? 120,
    folder: base?.folder ?? '',
  };
}

/**
 * Fills the roles a draft leaves unmapped with the host's guesses for its task (file datasets
 * only); returns the new columns and, per guessed role, why.
 */
export function applyGuesses(draft: WizardDraft, preview: DatasetPreview | null): { columns: Record<string, string>; guessed: Record<string, string> } {
  const columns = { ...draft.columns };
  const guessed: Record<string, string> = {};
  if (draft.datasetKind !== 'file' || !preview || preview.path !== draft.path) return { columns, guessed };
  for (const [role, g] of Object.entries(preview.guesses?.[draft.task] ?? {})) {
    if (columns[role] && preview.columns.includes(columns[role])) continue;
    columns[role] = g.column;
    guessed[role] = g.reason;
  }
  return { columns, guessed };
}
