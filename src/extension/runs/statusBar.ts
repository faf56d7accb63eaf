import * as vscode from 'vscode';
import { costSoFar, elapsedMs, formatDuration, formatUsd } from '../../core/cost/estimate';
import { isActive } from '../../core/runs/runMeta';
import { runHeadline } from '../../core/runs/runHeadline';
import { completionNotice } from '../../core/runs/completionNotice';
import type { RunsController } from './runsController';

/** Active runs at a glance (phase, elapsed time, cost so far), and a notification when one ends. */
export function registerStatusBar(context: vscode.ExtensionContext, runs: RunsController): void {
  const item = vscode.window.createStatusBarItem('finetuneEmbeddings.activeRuns', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Fine-tune Embeddings: active runs';
  // The clock ticks only while something runs (elapsed time, cost): an idle workspace costs no I/O.
  let timer: NodeJS.Timeout | undefined;
  const update = () => {
    const active = runs.list().filter((r) => isActive(r.meta.state));
    if (active.length === 0) {
      clearInterval(timer);
      timer = undefined;
      item.hide();
      return;
    }
    timer ??= setInterval(update, 5000);
    const cost = active.reduce((sum, r) => sum + costSoFar(r.meta), 0);
    const first = active[0]!;
    const now = Date.now();
    for (const r of active) runs.paces.observe(r.meta.id, now, r.summary.progress.step);
    for (const id of runs.paces.ids()) if (!active.some((r) => r.meta.id === id)) runs.paces.forget(id);
    // The time left at the pace measured here (this machine's cores, or the GPU), once there is one.
    const left = runs.paces.secondsLeft(first.meta.id, first.summary.progress.totalSteps, now);
    const leftText = left === null ? '' : ` · ~${formatDuration(left * 1000)} left`;
    // One run: the item opens that run's dashboard; several: the Runs view lists them.
    item.command = active.length === 1
      ? { command: 'finetuneEmbeddings.openRun', title: 'Open Run Dashboard', arguments: [first.meta.id] }
      : 'workbench.view.extension.finetuneEmbeddings';
    item.text = active.length === 1
      ? `$(sync~spin) ${first.meta.name}: ${runHeadline(first.meta, first.summary)} · ${formatDuration(elapsedMs(first.meta))}${leftText}${cost ? ` · ${formatUsd(cost)}` : ''}`
      : `$(sync~spin) ${active.length} runs · ${formatUsd(cost)} so far`;
    item.tooltip = active.map((r) => `${r.meta.name} (${r.meta.backend}): ${runHeadline(r.meta, r.summary)}`).join('\n');
    item.show();
  };
  context.subscriptions.push(item, { dispose: () => clearInterval(timer) }, runs.onDidChange(update));
  context.subscriptions.push(runs.onDidEnd((meta) => {
    const notice = completionNotice(meta, runs.get(meta.id)?.summary);
    const show = notice.severity === 'info' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(notice.text, ...notice.actions)
      .then((a) => (a === 'Open Dashboard' ? vscode.commands.executeCommand('finetuneEmbeddings.openRun', meta.id) : a ? vscode.commands.executeCommand('finetuneEmbeddings.openLogs', meta.id) : undefined));
  }));
  update();
}
