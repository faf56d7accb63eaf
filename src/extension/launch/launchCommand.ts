import { existsSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { ModalAuthError } from '../../core/backends/modal/modalErrors';
import { configSchema, type FinetuneConfig } from '../../core/config/schema';
import { hasErrors } from '../../core/config/validate';
import { containerPricePerHour, defaultResources, parseGpu } from '../../core/cost/gpus';
import { formatUsd } from '../../core/cost/estimate';
import { uploadEstimateFor, uploadEstimateText } from '../../core/cost/uploadCost';
import { localDatasetPath } from '../../core/job/resolveJob';
import { LaunchBlockedError } from '../../core/runs/launchRun';
import { LaunchCancelledError } from '../../core/backends/jobBackend';
import { requestCancel } from '../../core/runs/cancelMark';
import { launchAny } from '../../core/sweeps/launchAny';
import { isConfigDocument } from '../configDocuments';
import { validateDocument } from '../diagnostics';
import { log } from '../log';
import type { RunsController } from '../runs/runsController';
import { settings, updateSetting } from '../settings';
import { checkSentenceTransformers, createLocalEnvironment, localPython } from './localPython';
import { templateDir } from './backends';
import { suggestGitignore } from './gitignore';
import { confirmRemoteCode } from './remoteCode';

/** "Launch": validate, confirm the cost, start the run and follow it into the store. */
export async function launchCommand(context: vscode.ExtensionContext, runs: RunsController, uri?: vscode.Uri): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Launching runs code on your Modal account or this machine, so it needs a trusted workspace. Validation and the panel work without trust.', 'Manage Workspace Trust')
      .then((a) => (a ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
    return;
  }
  const doc = await configDocument(uri);
  if (!doc) return;
  if (doc.isDirty) await doc.save();
  const { diagnostics, value } = validateDocument(doc);
  if (hasErrors(diagnostics)) {
    void vscode.commands.executeCommand('workbench.actions.view.problems');
    void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(doc.uri)} has errors; fix them before launching (see Problems).`);
    return;
  }
  const config = configSchema.parse(value);
  const backend = config.compute?.backend ?? 'modal';
  const store = runs.store;
  if (!store) {
    void vscode.window.showErrorMessage('Open a folder first: runs are recorded in its .finetune/runs.');
    return;
  }
  if (!(await confirmRemoteCode(config, backend))) return;
  if (backend === 'local' && !(await localReady(context))) return;
  const workers = config.sweep ? (config.sweep.parallel ?? 1) : 1;
  if (backend === 'modal' && !(await confirmCost(config.compute ?? {}, workers, localDatasetBytes(config, doc.uri.fsPath)))) return;
  try {
    const run = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Launching ${config.task} on ${backend === 'modal' ? `Modal ${config.compute?.gpu ?? 'A10G'}` : 'this machine'}`, cancellable: true }, async (progress, token) => {
      // Cancel here leaves the durable mark the launch reads before it creates a sandbox.
      let runId: string | undefined;
      let shown = 0;
      token.onCancellationRequested(() => { if (runId) requestCancel(store, runId); });
      const listener = (u: Parameters<typeof runs.listener>[0]) => {
        if (!runId && u.kind === 'meta') {
          runId = u.runId;
          if (token.isCancellationRequested) requestCancel(store, runId);
        }
        runs.listener(u);
        if (u.kind === 'phase') progress.report({ message: u.phase.replace('_', ' ') + '…' });
        if (u.kind === 'log' && u.line.startsWith('[image]')) progress.report({ message: `building image: ${u.line.slice(8, 80)}` });
        if (u.kind === 'progress') {
          // The upload's bar: VS Code's increments add up, so report the growth since the last one.
          const done = Math.round((u.fraction ?? 0) * 100);
          progress.report({ message: u.message, ...(done > shown ? { increment: done - shown } : {}) });
          shown = Math.max(shown, done);
        }
      };
      return launchAny({
        store, configPath: doc.uri.fsPath, configText: doc.getText(), templateDir: templateDir(context),
        fileExists: existsSync, backend: await runs.backendFor(backend), listener,
      });
    });
    if (run.meta.kind === 'sweep') runs.followSweep(run.meta.id, run.handles, run.done);
    else runs.follow(run.meta.id, run.handles.get(run.meta.id)!, run.done);
    runs.refresh();
    void suggestGitignore(store.root, context);
    // Launch leads to the run: its dashboard opens beside the config (a setting turns that off).
    const open = settings().openDashboardOnLaunch;
    if (open) await vscode.commands.executeCommand('finetuneEmbeddings.openRun', run.meta.id);
    if (backend === 'modal' || !open) {
      const note = backend === 'modal' ? ' It keeps running (and billing) if you close VS Code; cancel it from the Fine-tune Embeddings view in the activity bar.' : '';
      void vscode.window.showInformationMessage(`Run ${run.meta.name} started.${note}`, ...(open ? [] : ['Open Dashboard']))
        .then((a) => (a ? vscode.commands.executeCommand('finetuneEmbeddings.openRun', run.meta.id) : undefined));
    }
  } catch (err) {
    await showLaunchError(err);
  }
}

async function configDocument(uri?: vscode.Uri): Promise<vscode.TextDocument | undefined> {
  if (uri) return vscode.workspace.openTextDocument(uri);
  const active = vscode.window.activeTextEditor?.document;
  if (active && isConfigDocument(active)) return active;
  const files = await vscode.workspace.findFiles('**/*.finetune.{yaml,yml}', '**/node_modules/**', 50);
  if (files.length === 0) {
    void vscode.window.showInformationMessage('No *.finetune.yaml config in this workspace yet.', 'New Config...')
      .then((a) => (a ? vscode.commands.executeCommand('finetuneEmbeddings.newConfig') : undefined));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })), { title: 'Launch which config?' });
  return picked ? vscode.workspace.openTextDocument(picked.uri) : undefined;
}

/** The size of the file training will read, when it is local and exists (a synthesized one may not yet). */
function localDatasetBytes(config: FinetuneConfig, configPath: string): number | undefined {
  const path = localDatasetPath(config, configPath);
  return path !== null && existsSync(path) ? statSync(path).size : undefined;
}

async function confirmCost(compute: NonNullable<FinetuneConfig['compute']>, workers: number, datasetBytes?: number): Promise<boolean> {
  if (!settings().confirmLaunch) return true;
  const parsed = parseGpu(compute.gpu ?? 'A10G');
  if (!parsed.ok) return false;
  const { gpu } = parsed.value;
  const timeoutMinutes = compute.timeout_minutes ?? 60;
  const count = parsed.value.count * workers;
  const d = defaultResources(gpu, parsed.value.count);
  // GPUs plus each container's CPU and memory request, for every worker.
  const perHour = containerPricePerHour(gpu, parsed.value.count, { cpu: compute.cpu ?? d.cpu, memoryGb: compute.memory_gb ?? d.memoryGb }) * workers;
  // A file over the bundle's limit is uploaded once, before any GPU starts (the workers share it).
  const upload = uploadEstimateFor(datasetBytes);
  const worst = perHour * (timeoutMinutes / 60) + (upload?.cost ?? 0);
  const sweep = workers > 1 ? ` (a sweep: ${workers} workers at once)` : '';
  const answer = await vscode.window.showInformationMessage(
    `Launch on Modal: ${count > 1 ? `${count} × ` : ''}${gpu.type} with CPU and memory at ${formatUsd(perHour)}/hour${sweep}, timeout ${timeoutMinutes} minutes.`,
    { modal: true, detail: `Worst case (the whole timeout${upload ? ', and the upload' : ''}): ${formatUsd(worst)}.${upload ? ` Before the GPU, ${uploadEstimateText(upload)}.` : ''} The run keeps going if you close VS Code; Cancel in the Fine-tune Embeddings view stops the GPU.` },
    'Launch', 'Launch, don\'t ask again',
  );
  if (answer === 'Launch, don\'t ask again') await updateSetting('confirmLaunch', false);
  return answer !== undefined;
}

/** A local run needs an interpreter with the training packages: offer to build one (then launch goes on). */
export async function localReady(context: vscode.ExtensionContext): Promise<boolean> {
  const python = await localPython(context);
  const problem = await checkSentenceTransformers(python);
  if (!problem) return true;
  const answer = await vscode.window.showWarningMessage(
    `${python} cannot run the training template (${problem}).`,
    { modal: true, detail: 'Create local environment installs the pinned training packages (torch as a CPU build where there is no NVIDIA GPU) into a virtualenv in this extension\'s storage: about 2 GB, one to a few minutes.' },
    'Create local environment', 'Choose interpreter setting',
  );
  if (answer === 'Create local environment') return (await createLocalEnvironment(context)) !== undefined;
  if (answer) await vscode.commands.executeCommand('workbench.action.openSettings', 'finetuneEmbeddings.local.pythonPath');
  return false;
}

async function showLaunchError(err: unknown): Promise<void> {
  if (err instanceof LaunchCancelledError) {
    void vscode.window.showInformationMessage(err.message);
    return;
  }
  if (err instanceof LaunchBlockedError) {
    void vscode.window.showErrorMessage(err.message);
    return;
  }
  if (err instanceof ModalAuthError) {
    const a = await vscode.window.showErrorMessage(err.message, 'Sign in to Modal');
    if (a) await vscode.commands.executeCommand('finetuneEmbeddings.signInToModal');
    return;
  }
  const message = err instanceof Error ? err.message : String(err);
  log().error(`launch failed: ${message}`);
  void vscode.window.showErrorMessage(`Launch failed: ${message}`, 'Open Log').then((a) => (a ? log().show() : undefined));
}
