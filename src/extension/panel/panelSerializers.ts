import * as vscode from 'vscode';
import type { RunsController } from '../runs/runsController';
import { showDashboard } from './dashboardPanel';
import { panelViewType } from './panelHost';
import { showSweep } from './sweepPanel';
import { showWizard } from './wizardPanel';

function idIn(state: unknown, key: 'runId' | 'sweepId'): string | undefined {
  const value = state && typeof state === 'object' ? (state as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/**
 * Brings the wizard and the dashboards back after a window reload, from what the webview kept
 * with setState (the run or sweep it shows; never data: the store is read again). A panel whose
 * run was deleted meanwhile is closed.
 */
export function registerPanelSerializers(context: vscode.ExtensionContext, runs: RunsController): void {
  const restore = (view: 'dashboard' | 'sweep' | 'wizard', open: (panel: vscode.WebviewPanel, state: unknown) => boolean) =>
    context.subscriptions.push(vscode.window.registerWebviewPanelSerializer(panelViewType(view), {
      async deserializeWebviewPanel(panel, state) {
        if (!open(panel, state)) panel.dispose();
      },
    }));
  restore('dashboard', (panel, state) => {
    const id = idIn(state, 'runId');
    if (!id || !runs.store?.readMeta(id)) return false;
    showDashboard(context, runs, id, panel);
    return true;
  });
  restore('sweep', (panel, state) => {
    const id = idIn(state, 'sweepId');
    if (!id || !runs.store?.readMeta(id)) return false;
    showSweep(context, runs, id, null, panel);
    return true;
  });
  restore('wizard', (panel) => {
    showWizard(context, panel);
    return true;
  });
}
