import * as vscode from 'vscode';
import { shortMetric } from '../../core/runs/testReport';
import type { BakeoffRecord } from '../../core/bakeoff/bakeoffStore';
import { BakeoffStore } from '../../core/bakeoff/bakeoffStore';

/** "Bake-offs (n)" in the run explorer: the zero-shot comparisons kept in .finetune/bakeoffs/. */
export class BakeoffGroupItem extends vscode.TreeItem {
  constructor(readonly records: BakeoffRecord[]) {
    super(`Bake-offs (${records.length})`, vscode.TreeItemCollapsibleState.Collapsed);
    this.id = 'group:bakeoffs';
    this.contextValue = 'bakeoffGroup';
  }
}

export class BakeoffItem extends vscode.TreeItem {
  constructor(readonly record: BakeoffRecord) {
    const r = record.result;
    super(`${record.config} · ${new Date(record.created).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })}`, vscode.TreeItemCollapsibleState.None);
    this.id = `bakeoff:${record.id}`;
    const use = r.recommended?.model ?? 'no candidate scored';
    this.description = `${r.candidates.length} models · use ${use}`;
    this.iconPath = new vscode.ThemeIcon('beaker');
    this.tooltip = `${shortMetric(r.metric)} on ${r.n} test items. ${r.reason}`;
    this.contextValue = 'bakeoff';
    this.command = { command: 'finetuneEmbeddings.openBakeoff', title: 'Open Bake-off', arguments: [this] };
  }
}

/** The group for the explorer's root, or nothing when the workspace has no bake-off. */
export function bakeoffGroup(root: string | undefined): BakeoffGroupItem[] {
  if (!root) return [];
  const records = new BakeoffStore(root).list();
  return records.length ? [new BakeoffGroupItem(records)] : [];
}
