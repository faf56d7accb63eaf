import * as vscode from 'vscode';
import { registerBakeoffCommands } from './bakeoff/bakeoffCommands';
import { registerCodeLens } from './codeLens';
import { registerDiagnostics } from './diagnostics';
import { checkDataCommand } from './doctor/checkDataCommand';
import { DataCheck } from './doctor/dataCheck';
import { registerLanguageFeatures } from './languageFeatures';
import { backendFactory } from './launch/backends';
import { launchCommand } from './launch/launchCommand';
import { createLocalEnvironment } from './launch/localPython';
import { log } from './log';
import { signInToModal, signOutOfModal } from './modalAuth';
import { newConfigCommand } from './newConfig';
import { registerPanel } from './panel/registerPanel';
import { registerRunCommands } from './runs/runCommands';
import { RunsController } from './runs/runsController';
import { RunsTreeProvider } from './runs/runsTree';
import { registerStatusBar } from './runs/statusBar';
import { settings } from './settings';
import { showPairingsCommand } from './showPairings';

/** Activation stays light: no Modal SDK, no webview bundle, until a command needs them. */
export function activate(context: vscode.ExtensionContext): void {
  registerDiagnostics(context);
  registerLanguageFeatures(context);
  registerCodeLens(context);
  const dataCheck = new DataCheck(context);
  context.subscriptions.push(dataCheck);
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const runs: RunsController = new RunsController(root, backendFactory(context, () => runs.store?.dir));
  const tree = new RunsTreeProvider(runs);
  const view = vscode.window.createTreeView('finetuneEmbeddings.runs', { treeDataProvider: tree, canSelectMany: true, showCollapseAll: true });
  const cmd = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  context.subscriptions.push(runs, view, log());
  cmd('finetuneEmbeddings.newConfig', newConfigCommand);
  cmd('finetuneEmbeddings.showPairings', showPairingsCommand);
  cmd('finetuneEmbeddings.checkData', (uri?: vscode.Uri) => checkDataCommand(dataCheck, uri instanceof vscode.Uri ? uri : undefined));
  cmd('finetuneEmbeddings.synthesize', async (uri?: vscode.Uri) => {
    const { synthesizeCommand } = await import('./synthesize/synthesizeCommand');
    await synthesizeCommand(context, uri instanceof vscode.Uri ? uri : undefined);
  });
  cmd('finetuneEmbeddings.reviewSynthesized', async (uri?: vscode.Uri) => {
    const { reviewSynthesizedCommand } = await import('./synthesize/reviewPanel');
    await reviewSynthesizedCommand(context, uri instanceof vscode.Uri ? uri : undefined);
  });
  cmd('finetuneEmbeddings.newSynthesizeConfig', async () => (await import('./synthesize/fromDocuments')).fromDocumentsCommand());
  cmd('finetuneEmbeddings.setLlmApiKey', async () => (await import('./synthesize/llmKey')).setLlmKeyCommand(context.secrets));
  cmd('finetuneEmbeddings.refreshRuns', () => runs.refresh());
  cmd('finetuneEmbeddings.launch', (uri?: vscode.Uri) => launchCommand(context, runs, uri instanceof vscode.Uri ? uri : undefined));
  cmd('finetuneEmbeddings.signInToModal', async () => {
    const { verifyModalCredentials } = await import('../core/backends/modal/verifyCredentials');
    const s = settings();
    await signInToModal(context.secrets, (credentials) => verifyModalCredentials({ appName: s.modalAppName, volumeName: s.modalVolume, environment: s.modalEnvironment, credentials }));
  });
  cmd('finetuneEmbeddings.signOutOfModal', () => signOutOfModal(context.secrets));
  cmd('finetuneEmbeddings.createLocalEnvironment', () => createLocalEnvironment(context));
  registerPanel(context, runs);
  // Runs started from the CLI (or another window) show up as their run.json appears or changes.
  const watcher = vscode.workspace.createFileSystemWatcher('**/.finetune/runs/*/run.json');
  context.subscriptions.push(watcher, watcher.onDidCreate(() => runs.refresh()), watcher.onDidChange(() => runs.refresh()), watcher.onDidDelete(() => runs.refresh()));
  registerRunCommands(context, runs);
  registerBakeoffCommands(context, runs);
  registerStatusBar(context, runs);
  // Re-attach runs left running by an earlier window; failures are logged, never thrown. Only in
  // a trusted folder: re-attaching follows (and may stop) processes and uses the Modal token,
  // on the word of run records that a stranger's repository could have planted.
  if (vscode.workspace.isTrusted) void runs.reattachAll();
  else context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void runs.reattachAll()));
}

export function deactivate(): void {}
