import * as vscode from 'vscode';
import { registerDiagnostics } from './diagnostics';
import { registerLanguageFeatures } from './languageFeatures';
import { newConfigCommand } from './newConfig';
import { showPairingsCommand } from './showPairings';
import { RunsTreeProvider } from './runsTree';

/** Activation stays light: no Modal SDK, no webview bundle, until a command needs them. */
export function activate(context: vscode.ExtensionContext): void {
  registerDiagnostics(context);
  registerLanguageFeatures(context);
  const runs = new RunsTreeProvider();
  context.subscriptions.push(
    vscode.window.registerTreeDataProvider('finetuneEmbeddings.runs', runs),
    vscode.commands.registerCommand('finetuneEmbeddings.newConfig', newConfigCommand),
    vscode.commands.registerCommand('finetuneEmbeddings.showPairings', showPairingsCommand),
    vscode.commands.registerCommand('finetuneEmbeddings.refreshRuns', () => runs.refresh()),
  );
}

export function deactivate(): void {}
