import * as vscode from 'vscode';
import { costSoFar, elapsedMs, formatDuration, formatUsd } from '../../core/cost/estimate';
import type { RunLifecycle } from '../../core/runs/runMeta';
import { isActive } from '../../core/runs/runMeta';
import { runHeadline } from '../../core/runs/runHeadline';
import type { RunsController, RunView } from './runsController';

const GROUPS: Array<{ label: string; states: RunLifecycle[] }> = [
  { label: 'Running', states: ['starting', 'running'] },
  { label: 'Completed', states: ['completed'] },
  { label: 'Failed', states: ['failed', 'timed_out', 'lost'] },
  { label: 'Cancelled', states: ['cancelled'] },
];

const ICONS: Record<RunLifecycle, [string, string?]> = {
  starting: ['loading~spin'], running: ['sync~spin', 'charts.blue'], completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'], timed_out: ['watch', 'testing.iconFailed'], cancelled: ['circle-slash'], lost: ['question', 'testing.iconQueued'],
};

export class GroupItem extends vscode.TreeItem {
  constructor(readonly group: (typeof GROUPS)[number], readonly runs: RunView[]) {
    super(`${group.label} (${runs.length})`, vscode.TreeItemCollapsibleState.Expanded);
    this.contextValue = 'group';
    this.id = `group:${group.label}`;
  }
}

export class RunItem extends vscode.TreeItem {
  constructor(readonly run: RunView) {
    const { meta, summary } = run;
    super(`${meta.name} · ${new Date(meta.createdAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })}`, vscode.TreeItemCollapsibleState.None);
    this.id = meta.id;
    this.description = runHeadline(meta, summary);
    const [icon, color] = ICONS[meta.state];
    this.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    const model = summary.completed?.model_path;
    this.contextValue = `run.${isActive(meta.state) ? 'active' : 'ended'}${model ? '.model' : ''}`;
    const tip = new vscode.MarkdownString(undefined, true);
    tip.appendMarkdown(`**${meta.name}** — ${meta.state.replace('_', ' ')}\n\n`);
    tip.appendMarkdown(`${meta.backend === 'modal' ? `Modal ${meta.gpu}${meta.gpuCount > 1 ? ` ×${meta.gpuCount}` : ''}` : 'Local'} · ${formatDuration(elapsedMs(meta))}${meta.pricePerHour ? ` · ${formatUsd(costSoFar(meta))} so far` : ''}\n\n`);
    tip.appendMarkdown(`${runHeadline(meta, summary)}\n\n`);
    if (meta.message) tip.appendText(meta.message);
    if (isActive(meta.state) && meta.backend === 'modal') tip.appendMarkdown('\n\n_Closing VS Code does not stop this run; cancel it here._');
    this.tooltip = tip;
    this.command = { command: 'finetuneEmbeddings.openRun', title: 'Open Dashboard', arguments: [this] };
  }
}

/** The run explorer: runs grouped by state, refreshed from the store. */
export class RunsTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly runs: RunsController) {
    runs.onDidChange(() => this.changed.fire());
  }

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(parent?: vscode.TreeItem): vscode.TreeItem[] {
    if (parent instanceof GroupItem) return parent.runs.map((r) => new RunItem(r));
    if (parent) return [];
    const all = this.runs.list();
    return GROUPS.map((g) => new GroupItem(g, all.filter((r) => g.states.includes(r.meta.state)))).filter((g) => g.runs.length > 0);
  }
}
