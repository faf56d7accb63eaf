import * as vscode from 'vscode';
import { costSoFar, elapsedMs, formatDuration, formatUsd } from '../../core/cost/estimate';
import { isActive } from '../../core/runs/runMeta';
import { runHeadline } from '../../core/runs/runHeadline';
import { reportLine, testReport } from '../../core/runs/testReport';
import type { RunsController } from './runsController';

/** Active runs at a glance (phase, elapsed time, cost so far), and a notification when one ends. */
export function registerStatusBar(context: vscode.ExtensionContext, runs: RunsController): void {
  const item = vscode.window.createStatusBarItem('finetuneEmbeddings.activeRuns', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Fine-tune Embeddings: active runs';
  item.command = 'workbench.view.extension.finetuneEmbeddings';
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
    item.text = active.length === 1
      ? `$(sync~spin) ${first.meta.name}: ${runHeadline(first.meta, first.summary)} · ${formatDuration(elapsedMs(first.meta))}${cost ? ` · ${formatUsd(cost)}` : ''}`
      : `$(sync~spin) ${active.length} runs · ${formatUsd(cost)} so far`;
    item.tooltip = active.map((r) => `${r.meta.name} (${r.meta.backend}): ${runHeadline(r.meta, r.summary)}`).join('\n');
    item.show();
  };
  context.subscriptions.push(item, { dispose: () => clearInterval(timer) }, runs.onDidChange(update));
  context.subscriptions.push(runs.onDidEnd((meta) => {
    const run = runs.get(meta.id);
    const report = run ? testReport(run.summary) : null;
    const headline = report ? reportLine(report) : run ? runHeadline(run.meta, run.summary) : meta.state;
    const show = meta.state === 'completed' ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    void show(`Run ${meta.name} ${meta.state.replace('_', ' ')}: ${meta.state === 'completed' ? headline : meta.message ?? headline}`, 'Open Dashboard', 'Open Logs')
      .then((a) => (a === 'Open Dashboard' ? vscode.commands.executeCommand('finetuneEmbeddings.openRun', meta.id) : a ? vscode.commands.executeCommand('finetuneEmbeddings.openLogs', meta.id) : undefined));
  }));
  update();
}
