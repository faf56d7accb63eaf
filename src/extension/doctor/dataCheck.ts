import * as vscode from 'vscode';
import { YamlDoc } from '../../core/config/yamlDoc';
import type { DoctorStats, Finding } from '../../core/doctor/doctorResult';
import { findingFixes, findingRange, findingToDiagnostic } from '../../core/doctor/findingDiagnostics';
import { PythonToolError } from '../../core/pyenv/runPythonTool';
import { CONFIG_SELECTOR, isConfigDocument } from '../configDocuments';
import { toDiagnostic, toRange } from '../convert';
import { log } from '../log';
import { checkConfigData } from './dataCheckRunner';

export const DATA_SOURCE = 'Fine-tune Embeddings data check';

function localDataset(text: string): boolean {
  const value = new YamlDoc(text).toJS() as { dataset?: { path?: unknown } } | null | undefined;
  return typeof value?.dataset?.path === 'string';
}
const DEBOUNCE_MS = 800;

/**
 * The data doctor in the editor: runs on open and on save for local datasets (debounced; a newer
 * run cancels the older one; never per keystroke, it reads the whole dataset) and on request
 * (Check Data) for any, shows findings as diagnostics on
 * the config's keys and offers their fixes as Quick Fixes. Only in trusted workspaces: it runs Python.
 */
export class DataCheck implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('finetuneEmbeddings.data');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, AbortController>();
  private readonly findings = new Map<string, Finding[]>();
  private readonly stats = new Map<string, DoctorStats>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      // Off in Restricted Mode (it runs Python); the open configs are checked once the folder is trusted.
      vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.workspace.textDocuments.forEach((d) => this.schedule(d))),
      vscode.languages.registerCodeActionsProvider(CONFIG_SELECTOR, { provideCodeActions: (d, _r, c) => this.codeActions(d, c) },
        { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
    );
    vscode.workspace.textDocuments.forEach((d) => this.schedule(d));
  }

  private enabled(doc: vscode.TextDocument): boolean {
    return isConfigDocument(doc) && doc.uri.scheme === 'file' && vscode.workspace.isTrusted
      && vscode.workspace.getConfiguration('finetuneEmbeddings').get<boolean>('dataCheck.enabled', true);
  }

  /** On open/save: local files only; a Hub dataset is checked on request (checking downloads it). */
  schedule(doc: vscode.TextDocument): void {
    if (!this.enabled(doc) || !localDataset(doc.getText())) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.check(doc);
    }, DEBOUNCE_MS));
  }

  /**
   * Checks now (the command); resolves when the diagnostics are set. `o.onLine` gets the doctor's
   * progress lines; `o.signal` (Cancel) stops it.
   */
  async check(doc: vscode.TextDocument, o: { onLine?(line: string): void; signal?: AbortSignal } = {}): Promise<Finding[] | undefined> {
    const key = doc.uri.toString();
    this.running.get(key)?.abort();
    const abort = new AbortController();
    this.running.set(key, abort);
    o.signal?.addEventListener('abort', () => abort.abort(), { once: true });
    try {
      const outcome = await checkConfigData(this.context, doc.uri.fsPath, doc.getText(), abort.signal, o.onLine);
      if (abort.signal.aborted) return undefined;
      // Config errors are the validator's to show; the data is checked once they are fixed.
      const found = outcome.ok ? outcome.result.findings : [];
      this.findings.set(key, found);
      if (outcome.ok) this.stats.set(key, outcome.result.stats);
      const yaml = new YamlDoc(doc.getText());
      this.collection.set(doc.uri, found.map((f) => this.diagnostic(findingToDiagnostic(yaml, f))));
      return found;
    } catch (err) {
      if (abort.signal.aborted) return undefined;
      const message = err instanceof PythonToolError ? err.message : String(err);
      log().warn(`data check of ${doc.uri.fsPath} failed: ${message}`);
      const range = findingRange(new YamlDoc(doc.getText()), ['dataset']);
      this.findings.delete(key);
      this.collection.set(doc.uri, [this.diagnostic({ severity: 'info', code: 'data-check-unavailable', range,
        message: `The data check did not run: ${message.split('\n')[0]} It needs the training environment: run "finetune-embeddings env", or set finetuneEmbeddings.local.pythonPath.` })]);
      return undefined;
    } finally {
      if (this.running.get(key) === abort) this.running.delete(key);
    }
  }

  /** The last check's rows, time and peak memory for this config. */
  lastStats(doc: vscode.TextDocument): DoctorStats | undefined {
    return this.stats.get(doc.uri.toString());
  }

  private diagnostic(d: Parameters<typeof toDiagnostic>[0]): vscode.Diagnostic {
    const out = toDiagnostic(d);
    out.source = DATA_SOURCE;
    return out;
  }

  /** Fixes are recomputed from the current text: findings name config keys, not offsets. */
  private codeActions(doc: vscode.TextDocument, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const found = this.findings.get(doc.uri.toString()) ?? [];
    const yaml = new YamlDoc(doc.getText());
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics.filter((d) => d.source === DATA_SOURCE)) {
      const finding = found.find((f) => f.code === diagnostic.code && toRange(findingRange(yaml, f.path)).isEqual(diagnostic.range));
      const edits = finding ? findingFixes(yaml, finding) : [];
      if (!edits.length) continue;
      const action = new vscode.CodeAction(edits[0]!.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      for (const e of edits) action.edit.replace(doc.uri, toRange(e.range), e.newText);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.running.get(key)?.abort();
    clearTimeout(this.timers.get(key));
    this.findings.delete(key);
    this.stats.delete(key);
    this.collection.delete(uri);
  }

  dispose(): void {
    this.timers.forEach(clearTimeout);
    this.running.forEach((a) => a.abort());
    this.disposables.forEach((d) => d.dispose());
  }
}
