import type { HostMessageOf } from '../../src/protocol/messages';
import type { CatalogData, DataCheck, DatasetPreview, WizardDraft } from '../../src/protocol/models';
import { clear, h, setText } from '../dom';
import { formatDuration, formatUsd } from '../format';
import type { Host } from '../vscodeApi';
import type { WizardContext } from './context';
import { applyGuesses, draftForTask } from './context';
import { dataCheckSection } from './dataCheckSection';
import { datasetSection, renderColumnIssues } from './datasetSection';
import { computeSection, modelSection, outputSection, trainingSection } from './settingsSection';
import { pairingSection, taskSection } from './taskSection';

/** The task wizard. The form state lives here (and in setState); config text, checks and estimates come from the host. */
export class WizardView {
  private catalog: CatalogData | null = null;
  private draft: WizardDraft | null = null;
  private dataset: DatasetPreview | null = null;
  private workspaceFolder: string | null = null;
  private preview: HostMessageOf<'wizard.preview'> | null = null;
  private check: DataCheck | null = null;
  /** False until the user picks a task (a restored draft counts as picked). */
  private taskChosen = false;
  private guessed: Record<string, string> = {};
  private backendWhy: string | null = null;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private readonly sections = h('div', { id: 'wizard-sections' });
  private readonly result = h('p', { id: 'wizard-result', 'data-testid': 'wizard-result', role: 'status' });
  readonly element: HTMLElement;

  constructor(private readonly host: Host, private readonly debounceMs = 150) {
    const create = h('vscode-button', { id: 'create-config', 'data-testid': 'create-config', icon: 'new-file' }, 'Create config');
    const launch = h('vscode-button', { id: 'launch', 'data-testid': 'launch', icon: 'rocket', secondary: true }, 'Create and launch');
    create.addEventListener('click', () => this.create(false));
    launch.addEventListener('click', () => this.create(true));
    this.element = h('div', { id: 'wizard', class: 'wizard' },
      h('h1', {}, 'Fine-tune an embedding model'),
      h('p', { class: 'muted' }, 'Describe your data; get the dataset format, loss and evaluator that fit, a config that validates, and a launch on a GPU.'),
      this.sections, h('div', { class: 'actions', id: 'wizard-actions' }, create, launch), this.result);
  }

  snapshot(m: HostMessageOf<'wizard.snapshot'>): void {
    this.catalog = m.catalog;
    this.workspaceFolder = m.workspaceFolder;
    const saved = this.host.state().draft;
    const draft = saved ?? m.draft;
    const known = Boolean(draft && m.catalog.tasks.some((t) => t.id === draft.task));
    // No task is chosen for the user: the placeholder draft only carries the defaults that follow them.
    this.taskChosen = known;
    this.draft = known ? draft : { ...draftForTask(m.catalog, m.catalog.tasks[0]!.id), ...(m.defaults ? { backend: m.defaults.backend } : {}) };
    this.backendWhy = known ? null : m.defaults?.why ?? null;
    this.render();
    this.changed();
  }

  /** A task card was picked: its recommendations, the column guesses for it, the user's other choices kept. */
  chooseTask(taskId: string): void {
    if (!this.draft || !this.catalog) return;
    if (this.taskChosen && taskId === this.draft.task) return;
    this.taskChosen = true;
    const next = draftForTask(this.catalog, taskId, this.draft);
    const { columns, guessed } = applyGuesses(next, this.dataset);
    this.guessed = guessed;
    this.draft = { ...next, columns };
    this.render();
    this.changed();
  }

  /** A local file was chosen: switch to it and map columns whose names match a role. */
  datasetChosen(p: DatasetPreview): void {
    this.dataset = p;
    if (!this.draft || !this.catalog) return;
    if (this.draft.path !== p.path) {
      // Roles are guessed from the columns' names and values (the host's guesses, per task), and shown as guesses.
      const { columns, guessed } = applyGuesses({ ...this.draft, datasetKind: 'file', path: p.path, columns: {} }, p);
      this.guessed = guessed;
      this.draft = { ...this.draft, datasetKind: 'file', path: p.path, columns };
    }
    this.render();
    this.changed();
  }

  folderChosen(folder: string): void {
    this.set({ folder }, true);
  }

  /** "Use this model" from a bake-off the panel started. */
  modelChosen(model: string): void {
    this.set({ model }, true);
  }

  showPreview(m: HostMessageOf<'wizard.preview'>): void {
    this.preview = m;
    setText(this.element, '#config-preview', m.configText);
    const diag = this.element.querySelector('#config-diagnostics');
    if (diag) {
      clear(diag);
      const errors = m.diagnostics.filter((d) => d.severity === 'error');
      diag.setAttribute('data-errors', String(errors.length));
      if (m.diagnostics.length === 0) diag.append(h('span', { class: 'ok' }, h('vscode-icon', { name: 'pass', 'aria-hidden': 'true' }), ` ${m.fileName} validates clean.`));
      for (const d of m.diagnostics) diag.append(h('div', { class: `issue ${d.severity}` }, `${d.severity} (line ${d.line + 1}): ${d.message}`));
    }
    renderColumnIssues(this.element, m.columnIssues);
    const est = m.estimate;
    const rows = est?.rowsText ? `${est.rowsText[0]!.toUpperCase()}${est.rowsText.slice(1)}.` : est ? `${est.trainRows.toLocaleString('en-US')} training rows.` : '';
    setText(this.element, '#estimate', !est ? 'Cannot estimate: check the GPU.'
      : est.pricePerHour === 0 ? `${rows} On this machine: no GPU cost; the time depends on its cores (the dashboard shows the measured pace).`
        : `${rows} On ${est.gpuLabel} at ${formatUsd(est.pricePerHour)}/h: about ${formatDuration(est.minutes * 60_000)} and ${formatUsd(est.cost)}. Worst case (the whole timeout): ${formatUsd(est.worstCase)}.${est.upload ? ` Both include the upload: ${est.upload.text}.` : ''}`);
  }

  showDataCheck(check: DataCheck): void {
    this.check = check;
    this.render();
  }

  private checkData(): void {
    if (!this.draft) return;
    this.host.post({ type: 'wizard.checkData', draft: this.draft });
  }

  showResult(m: HostMessageOf<'wizard.result'>): void {
    this.result.textContent = m.message;
    this.result.className = m.ok ? 'ok' : 'error';
  }

  private task() {
    return this.catalog!.tasks.find((t) => t.id === this.draft!.task) ?? this.catalog!.tasks[0]!;
  }

  private context(): WizardContext {
    return {
      catalog: this.catalog!, draft: this.draft!, dataset: this.dataset, task: this.task(),
      taskChosen: this.taskChosen, guessed: this.guessed, backendWhy: this.backendWhy,
      set: (c, r) => this.set(c, r),
      chooseTask: (id) => this.chooseTask(id),
      pickDataset: () => this.host.post({ type: 'wizard.pickDataset' }),
      fromDocuments: () => this.host.post({ type: 'wizard.fromDocuments' }),
      pickFolder: () => this.host.post({ type: 'wizard.pickFolder' }),
      compareModels: () => this.host.post({ type: 'wizard.compareModels', draft: this.draft! }),
    };
  }

  private render(): void {
    if (!this.catalog || !this.draft) return;
    const focused = document.activeElement?.id;
    const ctx = this.context();
    clear(this.sections);
    if (!this.taskChosen) {
      this.sections.append(taskSection(ctx));
      return;
    }
    this.sections.append(taskSection(ctx), pairingSection(ctx), modelSection(ctx), datasetSection(ctx), trainingSection(ctx), computeSection(ctx), outputSection(ctx, this.workspaceFolder),
      dataCheckSection(ctx, this.check, () => this.checkData()));
    if (this.preview) this.showPreview(this.preview);
    if (focused) (document.getElementById(focused) as HTMLElement | null)?.focus();
  }

  set(change: Partial<WizardDraft>, rerender = false): void {
    if (!this.draft) return;
    if (change.backend !== undefined && change.backend !== this.draft.backend) this.backendWhy = null;
    if (change.columns) for (const [role] of Object.entries(this.guessed)) if (change.columns[role] !== this.draft.columns[role]) delete this.guessed[role];
    this.draft = { ...this.draft, ...change };
    if (change.datasetKind === 'file') {
      // Back to a file already chosen: its guesses fill the roles again.
      const { columns, guessed } = applyGuesses(this.draft, this.dataset);
      this.draft = { ...this.draft, columns };
      this.guessed = { ...this.guessed, ...guessed };
    }
    if (rerender) this.render();
    this.changed();
  }

  /** The current draft (tests, state). */
  get value(): WizardDraft | null {
    return this.draft;
  }

  private changed(): void {
    const draft = this.draft;
    if (!draft || !this.taskChosen) return; // nothing to preview or keep before a task is chosen
    this.host.patchState({ draft });
    clearTimeout(this.pending);
    this.pending = setTimeout(() => this.host.post({ type: 'wizard.update', draft }), this.debounceMs);
  }

  private create(launch: boolean): void {
    if (!this.draft) return;
    clearTimeout(this.pending);
    this.result.textContent = launch ? 'Creating and launching…' : 'Creating…';
    this.result.className = '';
    this.host.post({ type: 'wizard.create', draft: this.draft, launch });
  }

  retheme(): void {}

  dispose(): void {
    clearTimeout(this.pending);
  }
}
