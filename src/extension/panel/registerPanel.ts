import * as vscode from 'vscode';
import type { ChartData } from '../../protocol/messages';
import { resolveRunId } from '../runs/runCommands';
import type { RunsController } from '../runs/runsController';
import { RunItem, TrialItem } from '../runs/runsTree';
import { ComparePanel } from './comparePanel';
import { showDashboard } from './dashboardPanel';
import { registerModelCommands } from './modelCommands';
import { activePanel } from './panelHost';
import { registerPanelSerializers } from './panelSerializers';
import { showSweep } from './sweepPanel';
import { showWizard } from './wizardPanel';

/** Run ids from the explorer's (item, selectedItems), from ids, or from a multi-select pick. */
async function compareIds(runs: RunsController, item: unknown, selected: unknown): Promise<string[] | undefined> {
  const fromArgs = [item, ...(Array.isArray(selected) ? selected : [])]
    .map((x) => (x instanceof RunItem ? x.run.meta.id : typeof x === 'string' ? x : undefined))
    .filter((x): x is string => x !== undefined);
  const ids = [...new Set(fromArgs)];
  if (ids.length >= 2) return ids;
  const picks = await vscode.window.showQuickPick(runs.list().map((r) => ({ label: r.meta.name, description: r.meta.state, detail: r.meta.id, id: r.meta.id, picked: ids.includes(r.meta.id) })), { title: 'Compare which runs? (two or more)', canPickMany: true });
  if (!picks) return undefined;
  if (picks.length < 2) {
    void vscode.window.showInformationMessage('Pick at least two runs to compare.');
    return undefined;
  }
  return picks.map((p) => p.id);
}

/** The panel's commands: the wizard, a run's dashboard, run comparison, and a test-only data probe. */
export function registerPanel(context: vscode.ExtensionContext, runs: RunsController): void {
  const cmd = (id: string, fn: (...args: never[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  registerPanelSerializers(context, runs);
  registerModelCommands(context, runs);
  cmd('finetuneEmbeddings.openPanel', () => { showWizard(context); });
  cmd('finetuneEmbeddings.openRun', async (arg?: unknown) => {
    if (arg instanceof TrialItem) {
      // A trial with its own run record opens that run's dashboard; otherwise the sweep's, on the trial.
      const trialRun = runs.store?.readMeta(`${arg.sweepId}-t${arg.trial.trial}`);
      if (trialRun) showDashboard(context, runs, trialRun.id);
      else if (runs.store) showSweep(context, runs, arg.sweepId, arg.trial.trial);
      return;
    }
    const id = await resolveRunId(runs, arg);
    if (!id || !runs.store) return;
    const meta = runs.store.readMeta(id);
    if (!meta) {
      void vscode.window.showErrorMessage(`No run ${id} in this workspace.`);
      return;
    }
    if (meta.kind === 'sweep') showSweep(context, runs, id);
    else showDashboard(context, runs, id);
  });
  cmd('finetuneEmbeddings.compareRuns', async (item?: unknown, selected?: unknown) => {
    const ids = runs.store ? await compareIds(runs, item, selected) : undefined;
    if (ids) new ComparePanel(context, runs, ids);
  });
  // Not contributed: for extension-host tests. Returns the active panel's raw chart data.
  cmd('finetuneEmbeddings.test.chartData', (): Promise<ChartData | undefined> => activePanel()?.chartData() ?? Promise.resolve(undefined));
}
