import * as vscode from 'vscode';
import { isConfigDocument } from '../configDocuments';
import type { DataCheck } from './dataCheck';
import { whenTrusted } from '../trust';

/** "Check Data": the data doctor on a config now, with progress, then a one-line summary. */
export async function checkDataCommand(check: DataCheck, uri?: vscode.Uri): Promise<void> {
  if (!whenTrusted('Check Data')) return;
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!doc || !isConfigDocument(doc)) {
    void vscode.window.showWarningMessage('Open a *.finetune.yaml config to check the data it names.');
    return;
  }
  const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Checking the dataset…' }, () => check.check(doc));
  if (!found) return; // cancelled, or the reason is shown on the config's dataset key
  const count = (s: string) => found.filter((f) => f.severity === s).length;
  const summary = `Data check: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes.`;
  const answer = await vscode.window.showInformationMessage(summary, ...(found.length ? ['Show Problems'] : []));
  if (answer) await vscode.commands.executeCommand('workbench.actions.view.problems');
}
