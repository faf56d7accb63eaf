import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, relative } from 'node:path';
import * as vscode from 'vscode';
import { hasErrors, validateConfig } from '../../core/config/validate';
import type { WebviewMessage } from '../../protocol/messages';
import type { DatasetPreview, WizardDraft } from '../../protocol/models';
import { columnIssues, previewDataset } from './datasetPreview';
import { PanelHost } from './panelHost';
import { WizardDataCheck } from './wizardDataCheck';
import { catalogData, configFileName, draftToConfig, estimate, wizardDefaults, type WizardDefaults } from './wizardModel';
import { RunStore } from '../../core/runs/runStore';
import { log } from '../log';
import { storedCredentials } from '../modalAuth';

let current: WizardPanel | undefined;

export function showWizard(context: vscode.ExtensionContext, restored?: vscode.WebviewPanel): WizardPanel {
  if (current) {
    current.panel.reveal();
    restored?.dispose();
    return current;
  }
  current = new WizardPanel(context, restored);
  return current;
}

/** "Open Panel": the task wizard. The host owns config text, validation and estimates; the webview owns the form. */
export class WizardPanel extends PanelHost {
  private draft: WizardDraft | null = null;
  private dataset: DatasetPreview | undefined;
  private readonly dataCheck: WizardDataCheck;

  constructor(context: vscode.ExtensionContext, restored?: vscode.WebviewPanel) {
    super(context, 'wizard', 'Fine-tune Embeddings', vscode.ViewColumn.Active, restored);
    this.dataCheck = new WizardDataCheck(context, (check) => this.post({ type: 'wizard.dataCheck', check }));
  }

  private root(): string | null {
    return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? null;
  }

  private folderOf(draft: WizardDraft): string | null {
    return draft.folder || this.root();
  }

  protected onReady(): void {
    this.snapshot().catch((err: unknown) => log().warn(`wizard snapshot: ${err instanceof Error ? err.message : String(err)}`));
  }

  private async snapshot(): Promise<void> {
    const defaults = await this.defaults();
    this.post({ type: 'wizard.snapshot', catalog: catalogData(), workspaceFolder: this.root(), draft: this.draft, defaults });
    if (this.dataset) this.post({ type: 'wizard.dataset', preview: this.dataset });
    const check = this.dataCheck.latest(this.draft);
    if (check) this.post({ type: 'wizard.dataCheck', check });
  }

  /** The backend of the last run in this workspace, else Modal only when a token is there to use. */
  private async defaults(): Promise<WizardDefaults> {
    const root = this.root();
    const last = root ? new RunStore(root).list()[0]?.backend ?? null : null;
    let token = Boolean(process.env['MODAL_TOKEN_ID']) || existsSync(join(homedir(), '.modal.toml'));
    try {
      token ||= (await storedCredentials(this.context.secrets)) !== undefined;
    } catch {
      // Untrusted workspace: the token is not read, and the local default asks for nothing.
    }
    return wizardDefaults({ lastRunBackend: last, hasModalToken: token });
  }

  protected async onMessage(m: WebviewMessage): Promise<void> {
    switch (m.type) {
      case 'wizard.update':
        this.draft = m.draft;
        this.sendPreview(m.draft);
        if (vscode.workspace.isTrusted) this.dataCheck.changed(m.draft, () => this.build(m.draft));
        return;
      case 'wizard.checkData': await this.checkData(m.draft); return;
      case 'wizard.pickDataset': await this.pickDataset(); return;
      case 'wizard.pickFolder': await this.pickFolder(); return;
      case 'wizard.fromDocuments': await vscode.commands.executeCommand('finetuneEmbeddings.newSynthesizeConfig'); return;
      case 'wizard.create': await this.create(m.draft, m.launch); return;
      case 'wizard.compareModels': await this.compareModels(m.draft); return;
      default: return;
    }
  }

  /** Config text, diagnostics, column checks and estimate for a draft. */
  private build(draft: WizardDraft) {
    const folder = this.folderOf(draft);
    if (draft.datasetKind === 'file' && draft.path && this.dataset?.path !== draft.path && existsSync(draft.path)) {
      this.dataset = previewDataset(draft.path, folder ?? '');
    }
    const file = draft.datasetKind === 'file' && this.dataset?.path === draft.path ? this.dataset : undefined;
    const relPath = draft.path && folder ? relative(folder, draft.path) : draft.path;
    const text = draftToConfig(draft, relPath);
    const { diagnostics } = validateConfig(text, { configDir: folder ?? undefined, fileExists: existsSync });
    const fileName = configFileName(draft);
    return {
      text, fileName, targetPath: folder ? join(folder, fileName) : null, diagnostics,
      columnIssues: draft.datasetKind === 'file' ? columnIssues(draft, file) : [],
      estimate: estimate(draft, file?.approxRows ?? null, file?.rowsExact ?? false, file?.bytes),
    };
  }

  private sendPreview(draft: WizardDraft): void {
    const b = this.build(draft);
    this.post({
      type: 'wizard.preview', configText: b.text, fileName: b.fileName, targetPath: b.targetPath,
      diagnostics: b.diagnostics.map((d) => ({ severity: d.severity, message: d.message, line: d.range.start.line })),
      columnIssues: b.columnIssues, estimate: b.estimate,
    });
  }

  private async pickDataset(): Promise<void> {
    const root = this.root();
    const files = await vscode.window.showOpenDialog({
      defaultUri: root ? vscode.Uri.file(root) : undefined, canSelectMany: false, openLabel: 'Use this dataset',
      filters: { Datasets: ['csv', 'jsonl', 'json', 'parquet'] },
    });
    const path = files?.[0]?.fsPath;
    if (!path) return;
    this.dataset = previewDataset(path, (this.draft && this.folderOf(this.draft)) ?? root ?? '');
    this.post({ type: 'wizard.dataset', preview: this.dataset });
  }

  private async pickFolder(): Promise<void> {
    const root = this.root();
    const picked = await vscode.window.showOpenDialog({ defaultUri: root ? vscode.Uri.file(root) : undefined, canSelectFiles: false, canSelectFolders: true, canSelectMany: false, openLabel: 'Write the config here' });
    if (picked?.[0]) this.post({ type: 'wizard.folder', folder: picked[0].fsPath });
  }

  private async create(draft: WizardDraft, launch: boolean): Promise<void> {
    this.draft = draft;
    const b = this.build(draft);
    const fail = (message: string) => this.post({ type: 'wizard.result', ok: false, message, path: null });
    if (!b.targetPath) return fail('Open a folder first (or choose one under "Write to"): the config is written there.');
    if (b.columnIssues.length) return fail(`Fix the column mapping first: ${b.columnIssues[0]!.message}`);
    if (hasErrors(b.diagnostics)) return fail(`The config would not validate: ${b.diagnostics.find((d) => d.severity === 'error')!.message}`);
    const dataErrors = launch ? this.dataCheck.errorsFor(draft) : undefined;
    if (dataErrors) {
      const answer = await vscode.window.showWarningMessage(`The data check found ${dataErrors} error${dataErrors === 1 ? '' : 's'} in the dataset: the run would fail or learn from broken data. Launch anyway?`, { modal: true }, 'Launch Anyway');
      if (answer !== 'Launch Anyway') return fail('Not launched: fix the data check\'s errors first (or launch anyway).');
    }
    if (existsSync(b.targetPath)) {
      const answer = await vscode.window.showWarningMessage(`${b.fileName} already exists. Replace it?`, { modal: true }, 'Replace');
      if (answer !== 'Replace') return fail(`${b.fileName} already exists; choose another name.`);
    }
    const uri = vscode.Uri.file(b.targetPath);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(b.text));
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    void vscode.commands.executeCommand('setContext', 'finetuneEmbeddings.configCreated', true); // the walkthrough's step
    this.post({ type: 'wizard.result', ok: true, message: `Wrote ${vscode.workspace.asRelativePath(uri)}${launch ? '; launching…' : '.'}`, path: b.targetPath });
    if (launch) await vscode.commands.executeCommand('finetuneEmbeddings.launch', uri);
  }

  /** The bake-off on the draft as it would be written (its text, at its target path); picking a model sets the draft's. */
  private async compareModels(draft: WizardDraft): Promise<void> {
    this.draft = draft;
    const b = this.build(draft);
    if (!b.targetPath) return void this.post({ type: 'wizard.result', ok: false, message: 'Open a folder first (or choose one under "Write to"): the bake-off reads the data from there.', path: null });
    if (hasErrors(b.diagnostics)) return void this.post({ type: 'wizard.result', ok: false, message: `Fix the config first: ${b.diagnostics.find((d) => d.severity === 'error')!.message}`, path: null });
    await vscode.commands.executeCommand('finetuneEmbeddings.compareDraft', { text: b.text, path: b.targetPath }, (model: string) => this.post({ type: 'wizard.useModel', model }));
  }

  private async checkData(draft: WizardDraft): Promise<void> {
    this.draft = draft;
    if (!vscode.workspace.isTrusted) {
      this.post({ type: 'wizard.dataCheck', check: { state: 'unavailable', message: 'The data check runs Python: trust this workspace to use it.', findings: [], summary: null } });
      return;
    }
    await this.dataCheck.run(draft, this.build(draft));
  }

  protected override whenDisposed(): void {
    this.dataCheck.dispose();
    if (current === this) current = undefined;
  }
}
