import { h } from '../dom';
import { formatUsd } from '../format';
import type { WizardContext } from './context';
import { numberField, selectField, textField } from './fields';

/** Base model with suggestions (size, dimensions). */
export function modelSection(ctx: WizardContext): HTMLElement {
  const chips = h('ul', { id: 'model-suggestions', class: 'chips' }, ...ctx.catalog.models.map((m) => {
    const b = h('button', { type: 'button', class: 'chip', 'data-model': m.id, 'aria-pressed': String(m.id === ctx.draft.model) },
      h('strong', {}, m.id), h('span', { class: 'muted' }, ` ${m.params} params · ${m.dimensions} dims · ${m.maxSeqLength} tokens — ${m.note}`));
    b.addEventListener('click', () => ctx.set({ model: m.id }, true));
    return h('li', {}, b);
  }));
  const compare = h('vscode-button', { id: 'compare-models', 'data-testid': 'compare-models', icon: 'beaker', secondary: true }, 'Compare on my data');
  compare.addEventListener('click', () => ctx.compareModels());
  return h('section', { id: 'step-model', class: 'step' }, h('h2', {}, '3. Base model'),
    textField('model-input', 'Hub id or local path', ctx.draft.model, (v) => ctx.set({ model: v.trim() }), { help: 'Any sentence-transformers or Hugging Face model; suggestions below.' }),
    chips,
    h('p', { class: 'muted' }, compare, ' Scores this model and the suggestions zero-shot on your own test split, with 95% intervals, before any training.'));
}

/** Training settings with the catalog's defaults, and the loss/evaluator choice. */
export function trainingSection(ctx: WizardContext): HTMLElement {
  const { draft, task } = ctx;
  return h('section', { id: 'step-training', class: 'step' }, h('h2', {}, '5. Training'),
    h('div', { class: 'form-inline' },
      selectField('loss-select', 'Loss', task.losses.map((l) => ({ value: l.loss, label: l.loss, description: l.recommended ? 'recommended' : '' })), draft.loss, (v) => ctx.set({ loss: v }, true)),
      selectField('evaluator-select', 'Evaluator', task.evaluators.map((e) => ({ value: e.evaluator, label: e.evaluator, description: e.recommended ? 'recommended' : '' })), draft.evaluator, (v) => ctx.set({ evaluator: v }, true))),
    h('div', { class: 'form-inline' },
      numberField('train-epochs', 'Epochs', draft.epochs, (v) => ctx.set({ epochs: v })),
      numberField('train-batch-size', 'Batch size', draft.batchSize, (v) => ctx.set({ batchSize: v }), task.hyperparameters.batch_sampler === 'no_duplicates' ? 'In-batch negatives: bigger is better.' : undefined),
      numberField('train-learning-rate', 'Learning rate', draft.learningRate, (v) => ctx.set({ learningRate: v })),
      numberField('train-warmup', 'Warm-up ratio', draft.warmupRatio, (v) => ctx.set({ warmupRatio: v }))),
    h('div', { class: 'form-inline' },
      numberField('train-sample', 'Sample', draft.sample, (v) => ctx.set({ sample: v }), 'Fraction (0-1] or a row count: lower it for a cheap first run.'),
      numberField('train-test-size', 'Held-out fraction', draft.testSize, (v) => ctx.set({ testSize: v }))),
    task.hardNegatives ? hardNegativesField(ctx, task.hardNegatives) : null);
}

/** Offered only where mining fits (the task says why); writes training.hard_negatives: { count: 1 }. */
function hardNegativesField(ctx: WizardContext, why: string): HTMLElement {
  const box = h('vscode-checkbox', { id: 'train-hard-negatives', 'data-testid': 'train-hard-negatives', checked: ctx.draft.hardNegatives === true, label: 'Mine hard negatives before training' });
  box.addEventListener('change', (e) => ctx.set({ hardNegatives: (e.target as { checked?: boolean }).checked === true }));
  return h('div', { class: 'form-row', id: 'hard-negatives-row' }, box, h('vscode-form-helper', {}, why));
}

/** GPU choices with price per hour; the estimate itself comes from the host. */
export function computeSection(ctx: WizardContext): HTMLElement {
  const { draft, catalog } = ctx;
  const gpus = catalog.gpus.map((g) => ({ value: g.type, label: `${g.type} — ${formatUsd(g.pricePerHour)}/h, ${g.memoryGb} GB` }));
  // Modal limits GPUs per container by type (A10G: 4).
  const maxCount = catalog.gpus.find((g) => g.type === draft.gpu)?.maxCount ?? 8;
  return h('section', { id: 'step-compute', class: 'step' }, h('h2', {}, '6. Compute'),
    h('div', { class: 'form-inline' },
      selectField('compute-backend', 'Where', [{ value: 'modal', label: 'Modal GPU' }, { value: 'local', label: 'This machine (python)' }], draft.backend, (v) => ctx.set({ backend: v as 'modal' | 'local' }, true), ctx.backendWhy ? `Chosen because ${ctx.backendWhy}.` : undefined),
      ...(draft.backend === 'modal' ? [
        selectField('compute-gpu', 'GPU', gpus, draft.gpu, (v) => ctx.set({ gpu: v, gpuCount: Math.min(draft.gpuCount, catalog.gpus.find((g) => g.type === v)?.maxCount ?? 8) })),
        numberField('compute-gpu-count', 'GPUs', draft.gpuCount, (v) => ctx.set({ gpuCount: Math.max(1, Math.min(maxCount, Math.round(v))) })),
      ] : []),
      numberField('compute-timeout', 'Timeout (minutes)', draft.timeoutMinutes, (v) => ctx.set({ timeoutMinutes: Math.round(v) }))),
    h('div', { id: 'estimate', 'data-testid': 'estimate', class: 'estimate', role: 'status' }, 'Estimating…'));
}

export function outputSection(ctx: WizardContext, workspaceFolder: string | null): HTMLElement {
  const choose = h('vscode-button', { id: 'choose-folder', secondary: true, icon: 'folder' }, 'Choose folder…');
  choose.addEventListener('click', () => ctx.pickFolder());
  return h('section', { id: 'step-output', class: 'step' }, h('h2', {}, '7. Config file'),
    textField('config-name', 'Name', ctx.draft.name, (v) => ctx.set({ name: v }), { help: 'Written as <name>.finetune.yaml.' }),
    h('p', { id: 'config-folder' }, 'Write to: ', h('code', {}, ctx.draft.folder || workspaceFolder || '(open a folder first)'), ' ', choose),
    h('div', { id: 'config-diagnostics', 'data-testid': 'config-diagnostics', role: 'status' }),
    h('vscode-collapsible', { heading: 'Config preview', id: 'config-preview-section' }, h('pre', { id: 'config-preview', 'data-testid': 'config-preview', tabindex: 0 })));
}
