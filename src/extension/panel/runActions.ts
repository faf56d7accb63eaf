import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { checkHubUrl } from '../../core/runs/safeUrl';
import type { RunAction } from '../../protocol/messages';
import { log } from '../log';
import type { RunsController } from '../runs/runsController';
import { settings } from '../settings';
import { downloadCommand, pushCommand, volumePath } from './pushCommand';

/** Dashboard buttons; most delegate to the run explorer's commands, which take a run id. */
export async function runAction(runs: RunsController, runId: string, action: RunAction): Promise<void> {
  const run = runs.get(runId);
  if (!run) return;
  switch (action) {
    case 'cancel': await vscode.commands.executeCommand('finetuneEmbeddings.cancelRun', runId); return;
    case 'rerun': await vscode.commands.executeCommand('finetuneEmbeddings.rerun', runId); return;
    case 'openLogs': await vscode.commands.executeCommand('finetuneEmbeddings.openLogs', runId); return;
    case 'revealConfig': await vscode.commands.executeCommand('finetuneEmbeddings.revealConfig', runId); return;
    case 'copyCode': await vscode.commands.executeCommand('finetuneEmbeddings.copyModelCode', runId); return;
    case 'downloadModel': await vscode.commands.executeCommand('finetuneEmbeddings.downloadModel', runId); return;
    case 'exportOnnx': await vscode.commands.executeCommand('finetuneEmbeddings.exportModel', runId); return;
    default: break;
  }
  const done = run.summary.completed;
  if (!done) {
    void vscode.window.showInformationMessage('This run has no saved model yet.');
    return;
  }
  const volume = settings().modalVolume;
  if (action === 'copyPushCommand') {
    const text = pushCommand(run.meta.backend, done.model_path, run.meta.name, volume);
    await vscode.env.clipboard.writeText(text);
    void vscode.window.showInformationMessage(`Copied: ${text}`);
    return;
  }
  // revealModel
  if (done.hub_url) {
    // events.jsonl is written by code in the container: open only a Hub page from it.
    const link = checkHubUrl(done.hub_url);
    if (!link.ok) {
      log().warn(`${runId}: ${link.reason}`);
      void vscode.window.showErrorMessage(link.reason);
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(link.url, true));
  } else if (run.meta.backend === 'local' && existsSync(done.model_path)) {
    await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(done.model_path));
  } else {
    const get = downloadCommand(done.model_path, run.meta.name, volume);
    const a = await vscode.window.showInformationMessage(`The model is on the Modal volume "${volume}" at ${volumePath(done.model_path)}.`, 'Copy download command');
    if (a) await vscode.env.clipboard.writeText(get);
  }
}
