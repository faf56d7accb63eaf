import { join } from 'node:path';
import * as vscode from 'vscode';
import { downloadable, downloadRunModel, formatBytes, listRunModel } from '../../core/model/downloadModel';
import { exportOnnx, parityLine } from '../../core/model/exportOnnx';
import { modelCode } from '../../core/model/modelCode';
import { downloadDir, runModel, whyNotLocal } from '../../core/model/runModel';
import type { RunModel } from '../../core/model/runModel';
import { templateDir } from '../launch/backends';
import { log } from '../log';
import { storedCredentials } from '../modalAuth';
import { resolveRunId } from '../runs/runCommands';
import type { RunsController } from '../runs/runsController';
import { settings } from '../settings';
import { downloading } from './modelStatus';
import { localPython } from '../launch/localPython';
import { whenTrusted } from '../trust';

function modelOf(runs: RunsController, runId: string): RunModel | undefined {
  const run = runs.get(runId);
  return run && runs.store ? runModel(runs.store, run.meta, run.summary) : undefined;
}

/** "Copy code": the Python that loads this run's model (where a download will put it, for Modal runs). */
export async function copyModelCode(runs: RunsController, runId: string): Promise<void> {
  const m = modelOf(runs, runId);
  const code = m ? modelCode(m, m.localPath ?? (m.location === 'volume' ? downloadDir(runs.store!, runId) : null)) : null;
  if (!code) {
    void vscode.window.showInformationMessage('This run has no saved model yet.');
    return;
  }
  await vscode.env.clipboard.writeText(code);
  void vscode.window.showInformationMessage(`Copied the Python that loads ${runId}'s model.`);
}

/** "Download model": the size first, then the copy from the Modal volume into .finetune/runs/<id>/model, with progress. */
export async function downloadModel(context: vscode.ExtensionContext, runs: RunsController, runId: string): Promise<void> {
  if (!whenTrusted('Download')) return;
  const m = modelOf(runs, runId);
  const why = m ? downloadable(m) : 'No such run.';
  if (!m || why) {
    void vscode.window.showInformationMessage(why ?? 'No such run.');
    return;
  }
  if (downloading.has(runId)) return;
  const s = settings();
  const conn = { appName: s.modalAppName, volumeName: s.modalVolume, environment: s.modalEnvironment, credentials: await storedCredentials(context.secrets) };
  const store = runs.store!;
  try {
    const listing = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking the size of ${runId}'s model on the Modal volume…` }, () => listRunModel(conn, m));
    const dest = store.relativeToRoot(downloadDir(store, runId));
    const go = await vscode.window.showInformationMessage(`Download ${formatBytes(listing.bytes)} (${listing.files.length} files) of ${runId}'s model into ${dest}?`, { modal: true, detail: `From ${m.savedPath} on the Modal volume "${conn.volumeName}". A small CPU sandbox reads it; you can cancel at any time.` }, 'Download');
    if (go !== 'Download') return;
    downloading.add(runId);
    runs.refresh();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Downloading ${runId}'s model`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      let last = 0;
      await downloadRunModel(conn, store, m, (done, total) => {
        const pct = total ? (done / total) * 100 : 100;
        progress.report({ increment: pct - last, message: `${formatBytes(done)} of ${formatBytes(total)}` });
        last = pct;
      }, abort.signal);
    });
    void vscode.window.showInformationMessage(`Downloaded ${runId}'s model to ${dest}. Try it and Export now run on this machine.`);
  } catch (err) {
    log().error(`download ${runId}: ${err instanceof Error ? err.message : String(err)}`);
    void vscode.window.showErrorMessage(`Could not download ${runId}'s model: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    downloading.delete(runId);
    runs.refresh();
  }
}

/** "Export model (ONNX)": into the run's folder or a chosen one, with the parity check shown. */
export async function exportModel(context: vscode.ExtensionContext, runs: RunsController, runId: string): Promise<void> {
  if (!whenTrusted('Export')) return;
  const m = modelOf(runs, runId);
  const why = m ? whyNotLocal(m, settings().modalVolume) : 'No such run.';
  if (!m || why) {
    void vscode.window.showInformationMessage(why ?? 'No such run.');
    return;
  }
  const store = runs.store!;
  const inRun = join(store.files(runId).dir, 'onnx');
  const pick = await vscode.window.showQuickPick([
    { label: 'Into the run\'s folder', description: store.relativeToRoot(inRun), out: inRun as string | undefined },
    { label: 'Choose a folder…', out: undefined },
  ], { title: `Export ${runId}'s model to ONNX` });
  if (!pick) return;
  let out = pick.out;
  if (!out) {
    const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Export here', defaultUri: vscode.Uri.file(store.root) });
    if (!chosen?.[0]) return;
    out = chosen[0].fsPath;
  }
  try {
    const python = await localPython(context);
    const { record, summary } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${runId} to ONNX`, cancellable: true }, (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      return exportOnnx({
        python, templateDir: templateDir(context), store, model: m, modelPath: m.localPath!, out: out!, signal: abort.signal,
        onLine: (l) => { if (l.startsWith('[fte] ')) progress.report({ message: l.slice(6) }); },
      });
    });
    runs.refresh();
    const text = `Wrote ${record.onnx_file} (${formatBytes(record.bytes)}) in ${record.export_seconds.toFixed(1)} s; ${parityLine(summary.parity)}.`;
    const answer = summary.parity.ok ? await vscode.window.showInformationMessage(text, 'Reveal') : await vscode.window.showWarningMessage(text, 'Reveal');
    if (answer === 'Reveal') await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(record.onnx_file));
  } catch (err) {
    void vscode.window.showErrorMessage(`Could not export ${runId}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The palette / run explorer commands; the dashboard's buttons call the same functions. */
export function registerModelCommands(context: vscode.ExtensionContext, runs: RunsController): void {
  const cmd = (id: string, fn: (runId: string) => Promise<void>) => context.subscriptions.push(vscode.commands.registerCommand(id, async (arg?: unknown) => {
    const id2 = runs.store ? await resolveRunId(runs, arg) : undefined;
    if (id2) await fn(id2);
  }));
  cmd('finetuneEmbeddings.copyModelCode', (id) => copyModelCode(runs, id));
  cmd('finetuneEmbeddings.downloadModel', (id) => downloadModel(context, runs, id));
  cmd('finetuneEmbeddings.exportModel', (id) => exportModel(context, runs, id));
}
