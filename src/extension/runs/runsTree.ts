import * as vscode from 'vscode';
import { runRowLabel } from '../../core/runs/runRowLabel';
import { costSoFar, elapsedMs, formatDuration, formatUsd } from '../../core/cost/estimate';
import type { RunLifecycle } from '../../core/runs/runMeta';
import { isActive, isReconnecting } from '../../core/runs/runMeta';
import { runHeadline } from '../../core/runs/runHeadline';
import { reportLine, testReport } from '../../core/runs/testReport';
import { summarizeSweep } from '../../core/sweeps/sweepSummary';
import type { TrialRow } from '../../core/sweeps/sweepSummary';
import type { RunsController, RunView } from './runsController';
import { BakeoffGroupItem, BakeoffItem, bakeoffGroup } from '../bakeoff/bakeoffItems';

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

/** A running run whose follower lost contact (see RunMeta.connection). */
const RECONNECTING_ICON: [string, string?] = ['debug-disconnect', 'list.warningForeground'];

export class GroupItem extends vscode.TreeItem {
  constructor(readonly group: (typeof GROUPS)[number], readonly runs: RunView[]) {
    super(`${group.label} (${runs.length})`, vscode.TreeItemCollapsibleState.Expanded);
    this.contextValue = 'group';
    this.id = `group:${group.label}`;
  }
}

const TRIAL_ICONS: Record<TrialRow['state'], [string, string?]> = {
  running: ['sync~spin', 'charts.blue'], complete: ['pass', 'testing.iconPassed'], pruned: ['debug-step-over'], failed: ['error', 'testing.iconFailed'], collapsed: ['warning', 'list.warningForeground'],
};

/** One trial of a sweep: state, objective and parameters. */
export class TrialItem extends vscode.TreeItem {
  constructor(readonly sweepId: string, readonly trial: TrialRow, best: boolean) {
    super(`Trial ${trial.trial}${best ? ' ★' : ''}`, vscode.TreeItemCollapsibleState.None);
    this.id = `${sweepId}:trial:${trial.trial}`;
    const params = Object.entries(trial.params).map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(3)) : v}`).join(', ');
    this.description = `${trial.value === null ? trial.state : trial.value.toFixed(4)} · ${params}`;
    const [icon, color] = TRIAL_ICONS[trial.state];
    this.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    this.tooltip = `Trial ${trial.trial}: ${trial.state}${trial.reason ? ` (${trial.reason})` : ''}\nObjective: ${trial.value ?? '—'}\n${params}${trial.worker !== null ? `\nWorker ${trial.worker}` : ''}`;
    this.contextValue = 'trial';
    this.command = { command: 'finetuneEmbeddings.openRun', title: 'Open Trial', arguments: [this] };
  }
}

export class RunItem extends vscode.TreeItem {
  constructor(readonly run: RunView, readonly trials: TrialRow[] = [], readonly bestTrial: number | null = null) {
    const { meta, summary } = run;
    super(runRowLabel(meta),
      meta.kind === 'sweep' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    this.id = meta.id;
    this.description = meta.kind === 'sweep' ? sweepHeadline(trials, bestTrial, meta.state) : runHeadline(meta, summary);
    const [icon, color] = isReconnecting(meta) ? RECONNECTING_ICON : ICONS[meta.state];
    this.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    const model = summary.completed?.model_path;
    this.contextValue = `run.${isActive(meta.state) ? 'active' : 'ended'}${meta.kind === 'sweep' ? '.sweep' : ''}${model ? '.model' : ''}`;
    const tip = new vscode.MarkdownString(undefined, true);
    // Names, GPU and metrics come from the run record and its events (workspace files): text, never markdown, so no planted link is clickable.
    tip.appendMarkdown('**').appendText(meta.name).appendMarkdown('**').appendText(` — ${meta.state.replace('_', ' ')}, started ${new Date(meta.createdAt).toLocaleString()}`).appendMarkdown('\n\n');
    tip.appendText(`${meta.backend === 'modal' ? `Modal ${meta.gpu}${meta.gpuCount > 1 ? ` ×${meta.gpuCount}` : ''}` : 'Local'} · ${formatDuration(elapsedMs(meta))}${meta.pricePerHour ? ` · ${formatUsd(costSoFar(meta))} so far` : ''}`).appendMarkdown('\n\n');
    const report = testReport(summary);
    tip.appendText(report ? reportLine(report) : runHeadline(meta, summary)).appendMarkdown('\n\n');
    if (meta.message) tip.appendText(meta.message);
    if (isReconnecting(meta)) tip.appendMarkdown('\n\n_Lost contact with Modal: reconnecting. The run goes on meanwhile; its events arrive once contact is back._');
    if (isActive(meta.state) && meta.backend === 'modal') tip.appendMarkdown('\n\n_Closing VS Code does not stop this run; cancel it here._');
    this.tooltip = tip;
    this.command = { command: 'finetuneEmbeddings.openRun', title: 'Open Dashboard', arguments: [this] };
  }
}

function sweepHeadline(trials: TrialRow[], bestTrial: number | null, state: RunLifecycle): string {
  const done = trials.filter((t) => t.state !== 'running').length;
  const best = trials.find((t) => t.trial === bestTrial);
  const bestText = best?.value !== null && best?.value !== undefined ? `best ${best.value.toFixed(4)} (trial ${best.trial})` : 'no result yet';
  return `${done} trial${done === 1 ? '' : 's'} done · ${bestText}${isActive(state) ? '' : ` · ${state.replace('_', ' ')}`}`;
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

  private item(run: RunView): RunItem {
    if (run.meta.kind !== 'sweep') return new RunItem(run);
    const sweep = summarizeSweep(this.runs.children(run.meta.id).filter((c) => c.meta.kind === 'worker').map((c) => this.runs.events(c.meta.id)));
    return new RunItem(run, sweep.trials, sweep.best?.trial ?? null);
  }

  getChildren(parent?: vscode.TreeItem): vscode.TreeItem[] {
    if (parent instanceof GroupItem) return parent.runs.map((r) => this.item(r));
    if (parent instanceof RunItem) return parent.trials.map((t) => new TrialItem(parent.run.meta.id, t, t.trial === parent.bestTrial));
    if (parent instanceof BakeoffGroupItem) return parent.records.map((r) => new BakeoffItem(r));
    if (parent) return [];
    const all = this.runs.list();
    const groups: vscode.TreeItem[] = GROUPS.map((g) => new GroupItem(g, all.filter((r) => g.states.includes(r.meta.state)))).filter((g) => g.runs.length > 0);
    return [...groups, ...bakeoffGroup(this.runs.store?.root)];
  }
}
