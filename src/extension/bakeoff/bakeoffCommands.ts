import * as vscode from 'vscode';
import type { BakeoffRecord } from '../../core/bakeoff/bakeoffStore';
import { isConfigDocument } from '../configDocuments';
import type { RunsController } from '../runs/runsController';
import { compareModels } from './compareCommand';
import { showBakeoff } from './showBakeoff';

/** "Compare on My Data" (palette, CodeLens on `model:`) and opening a kept bake-off from the run explorer. */
export function registerBakeoffCommands(context: vscode.ExtensionContext, runs: RunsController): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('finetuneEmbeddings.compareModels', async (uri?: vscode.Uri) => {
      const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      if (!doc || !isConfigDocument(doc)) {
        void vscode.window.showWarningMessage('Open a *.finetune.yaml config to compare base models on its data.');
        return;
      }
      if (doc.isDirty) await doc.save();
      const record = await compareModels(context, runs, { text: doc.getText(), path: doc.uri.fsPath, uri: doc.uri });
      if (record) await showBakeoff(record, runs);
    }),
    // The panel's base-model step: its draft (not yet a file); "Use this model" sets the draft's model.
    vscode.commands.registerCommand('finetuneEmbeddings.compareDraft', async (source: { text: string; path: string }, onUse: (model: string) => void) => {
      const record = await compareModels(context, runs, source);
      if (record) await showBakeoff(record, runs, (c) => onUse(c.model));
    }),
    vscode.commands.registerCommand('finetuneEmbeddings.openBakeoff', (item?: { record?: BakeoffRecord }) => (item?.record ? showBakeoff(item.record, runs) : undefined)),
  );
  // Bake-offs from the CLI (or another window) show up as their file appears.
  const watcher = vscode.workspace.createFileSystemWatcher('**/.finetune/bakeoffs/*.json');
  context.subscriptions.push(watcher, watcher.onDidCreate(() => runs.refresh()), watcher.onDidDelete(() => runs.refresh()));
}
