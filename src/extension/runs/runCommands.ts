import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { isActive } from '../../core/runs/runMeta';
import { log } from '../log';
import type { RunsController } from './runsController';
import { RunItem } from './runsTree';
import { whenTrusted } from '../trust';
import { shellQuote } from '../../core/shell/shellQuote';

/** Commands receive a tree item (context menu), a run id (links, tests) or nothing (palette: pick one). */
export async function resolveRunId(runs: RunsController, arg: unknown, filter: (active: boolean) => boolean = () => true): Promise<string | undefined> {
  if (arg instanceof RunItem) return arg.run.meta.id;
  if (typeof arg === 'string') return arg;
  const candidates = runs.list().filter((r) => filter(isActive(r.meta.state)));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage('No matching runs in this workspace.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(candidates.map((r) => ({ label: r.meta.name, description: r.meta.state, detail: r.meta.id, id: r.meta.id })), { title: 'Which run?' });
  return picked?.id;
}

export function registerRunCommands(context: vscode.ExtensionContext, runs: RunsController): void {
  const store = () => runs.store!;
  const cmd = (id: string, fn: (arg?: unknown) => Promise<void> | void) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));

  cmd('finetuneEmbeddings.cancelRun', async (arg) => {
    if (!whenTrusted('Cancel')) return;
    const id = await resolveRunId(runs, arg, (active) => active);
    if (!id) return;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Cancelling ${id}: stopping the GPU…` }, async () => {
      try {
        const after = await runs.cancel(id);
        // Say what happened: stopped, stopped before it started, or it was not running at all.
        if (after?.state === 'cancelled') void vscode.window.showInformationMessage(`Run ${id} cancelled${after.message && after.message !== 'Cancelled.' ? `: ${after.message}` : '.'}`);
        else if (after) void vscode.window.showWarningMessage(`Run ${id} was not stopped by Cancel: it is ${after.state}${after.message ? ` (${after.message})` : ''}.`);
      } catch (err) {
        void vscode.window.showErrorMessage(`Could not cancel ${id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  });
  cmd('finetuneEmbeddings.rerun', async (arg) => {
    const id = await resolveRunId(runs, arg);
    const meta = id ? store().readMeta(id) : undefined;
    if (!meta) return;
    const config = join(store().root, meta.configPath);
    if (!existsSync(config)) {
      void vscode.window.showErrorMessage(`${meta.configPath} no longer exists; the run's snapshot is in ${store().relativeToRoot(store().files(meta.id).config)}.`);
      return;
    }
    await vscode.commands.executeCommand('finetuneEmbeddings.launch', vscode.Uri.file(config));
  });
  cmd('finetuneEmbeddings.revealConfig', async (arg) => {
    const id = await resolveRunId(runs, arg);
    const meta = id ? store().readMeta(id) : undefined;
    if (!meta) return;
    const config = join(store().root, meta.configPath);
    await vscode.window.showTextDocument(vscode.Uri.file(existsSync(config) ? config : store().files(meta.id).config));
  });
  cmd('finetuneEmbeddings.openLogs', async (arg) => {
    const id = await resolveRunId(runs, arg);
    if (id) await vscode.window.showTextDocument(vscode.Uri.file(store().files(id).log), { preview: true });
  });
  cmd('finetuneEmbeddings.copyModelLocation', async (arg) => {
    const id = await resolveRunId(runs, arg);
    const run = id ? runs.get(id) : undefined;
    const path = run?.summary.completed?.hub_url ?? run?.summary.completed?.model_path;
    if (!path) {
      void vscode.window.showInformationMessage('This run has no saved model yet.');
      return;
    }
    await vscode.env.clipboard.writeText(run?.meta.backend === 'modal' && !run.summary.completed?.hub_url ? `modal volume ${shellQuote(path)}` : path);
    void vscode.window.showInformationMessage(`Copied: ${path}`);
  });
  cmd('finetuneEmbeddings.deleteRun', async (arg) => {
    if (!whenTrusted('Deleting a run')) return;
    const id = await resolveRunId(runs, arg);
    const meta = id ? store().readMeta(id) : undefined;
    if (!meta) return;
    const active = isActive(meta.state);
    const answer = await vscode.window.showWarningMessage(`Delete the record of ${meta.id}?`, { modal: true, detail: active ? 'The run is still active: it will be cancelled first (the GPU stops).' : 'Its events, logs and local files in .finetune/runs are removed. Models on the Modal volume or the Hub are kept.' }, 'Delete');
    if (answer !== 'Delete') return;
    if (active) await runs.cancel(meta.id);
    store().delete(meta.id);
    runs.summaries?.forget(meta.id);
    log().info(`Deleted run ${meta.id}.`);
    runs.refresh();
  });
}
