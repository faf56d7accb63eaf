import * as vscode from 'vscode';

/**
 * The run explorer. Runs are recorded under .finetune/runs by the launch machinery; until a
 * run exists the view is empty and VS Code shows the welcome content from package.json.
 */
export class RunsTreeProvider implements vscode.TreeDataProvider<vscode.TreeItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  getTreeItem(item: vscode.TreeItem): vscode.TreeItem {
    return item;
  }

  getChildren(): vscode.TreeItem[] {
    return [];
  }

  refresh(): void {
    this.changed.fire();
  }
}
