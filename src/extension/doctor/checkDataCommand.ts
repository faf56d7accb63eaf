import * as vscode from 'vscode';
import { isConfigDocument } from '../configDocuments';
import { checkCostText, dataStepText } from '../../core/doctor/checkCost';
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
  // The doctor's step lines (rows/s, peak memory, "this takes a while") are the progress; Cancel stops it.
  const found = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Checking the dataset', cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return check.check(doc, {
      signal: abort.signal,
      onLine: (line) => {
        const step = dataStepText(line);
        if (step) progress.report({ message: step });
      },
    });
  });
  if (!found) return; // cancelled, or the reason is shown on the config's dataset key
  const count = (s: string) => found.filter((f) => f.severity === s).length;
  const cost = checkCostText(check.lastStats(doc));
  const summary = `Data check: ${count('error')} errors, ${count('warning')} warnings, ${count('info')} notes${cost ? ` (${cost})` : ''}.`;
  const answer = await vscode.window.showInformationMessage(summary, ...(found.length ? ['Show Problems'] : []));
  if (answer) await vscode.commands.executeCommand('workbench.actions.view.problems');
}
