import type { HostMessageOf } from '../../src/protocol/messages';
import type { CatalogData, DataCheck, DatasetPreview, WizardDraft } from '../../src/protocol/models';
import { clear, h, setText } from '../dom';
import { formatDuration, formatUsd } from '../format';
import type { Host } from '../vscodeApi';
import type { WizardContext } from './context';
import { draftForTask } from './context';
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
    this.draft = draft && m.catalog.tasks.some((t) => t.id === draft.task) ? draft : draftForTask(m.catalog, 'duplicate-classification');
    this.render();
    this.changed();
  }

  /** A local file was chosen: switch to it and map columns whose names match a role. */
  datasetChosen(p: DatasetPreview): void {
    this.dataset = p;
    if (!this.draft || !this.catalog) return;
    if (this.draft.path !== p.path) {
      const task = this.task();
      const columns: Record<string, string> = {};
      for (const c of task.columns) if (p.columns.includes(c.role)) columns[c.role] = c.role;
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
    setText(this.element, '#estimate', !est ? 'Cannot estimate: check the GPU.'
      : est.pricePerHour === 0 ? `About ${est.trainRows.toLocaleString('en-US')} training rows on this machine: no GPU cost.`
        : `${est.trainRows.toLocaleString('en-US')} training rows on ${est.gpuLabel} at ${formatUsd(est.pricePerHour)}/h: about ${formatDuration(est.minutes * 60_000)} and ${formatUsd(est.cost)}. Worst case (the whole timeout): ${formatUsd(est.worstCase)}.`);
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
      set: (c, r) => this.set(c, r),
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
    this.sections.append(taskSection(ctx), pairingSection(ctx), modelSection(ctx), datasetSection(ctx), trainingSection(ctx), computeSection(ctx), outputSection(ctx, this.workspaceFolder),
      dataCheckSection(ctx, this.check, () => this.checkData()));
    if (this.preview) this.showPreview(this.preview);
    if (focused) (document.getElementById(focused) as HTMLElement | null)?.focus();
  }

  set(change: Partial<WizardDraft>, rerender = false): void {
    if (!this.draft) return;
    this.draft = { ...this.draft, ...change };
    if (rerender) this.render();
    this.changed();
  }

  /** The current draft (tests, state). */
  get value(): WizardDraft | null {
    return this.draft;
  }

  private changed(): void {
    const draft = this.draft;
    if (!draft) return;
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
