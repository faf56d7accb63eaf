import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import * as vscode from 'vscode';
import { BASE_MODELS } from '../core/catalog/models';
import { TASKS } from '../core/catalog/tasks';
import type { ExampleDataset, TaskSpec } from '../core/catalog/types';
import { starterConfig } from '../core/config/starter';

type Pick<T> = vscode.QuickPickItem & { value: T };

/** "New Config...": task -> base model -> dataset -> file name; writes a commented config and opens it. */
export async function newConfigCommand(): Promise<void> {
  const task = await pickTask();
  if (!task) return;
  const model = await pickModel();
  if (!model) return;
  const folder = targetFolder();
  if (!folder) {
    void vscode.window.showErrorMessage('Open a folder first: the config is written beside the open file or in the workspace.');
    return;
  }
  const dataset = await pickDataset(task, folder);
  if (!dataset) return;
  const name = await vscode.window.showInputBox({
    title: 'New fine-tune config (4/4): file name',
    value: `${task.id}.finetune.yaml`,
    valueSelection: [0, task.id.length],
    validateInput: (v) => (/^[\w.-]+\.finetune\.ya?ml$/.test(v) ? undefined : 'Use a plain file name ending in .finetune.yaml, e.g. my-task.finetune.yaml'),
  });
  if (!name) return;
  const target = vscode.Uri.file(join(folder, name));
  if (existsSync(target.fsPath)) {
    const answer = await vscode.window.showWarningMessage(`${name} already exists. Replace it?`, { modal: true }, 'Replace');
    if (answer !== 'Replace') return;
  }
  const text = starterConfig(task.id, { model, dataset: 'path' in dataset ? { path: relative(folder, dataset.path) } : dataset });
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(target, { preview: false });
}

async function pickTask(): Promise<TaskSpec | undefined> {
  const picked = await vscode.window.showQuickPick<Pick<TaskSpec>>(
    TASKS.map((t) => ({ label: t.title, description: t.id, detail: t.oneLiner, value: t })),
    { title: 'New fine-tune config (1/4): what are you training for?', matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true },
  );
  return picked?.value;
}

async function pickModel(): Promise<string | undefined> {
  const other = '$other';
  const picked = await vscode.window.showQuickPick<Pick<string>>(
    [...BASE_MODELS.map((m) => ({ label: m.id, description: `${m.params} · ${m.dimensions} dims`, detail: m.note, value: m.id })), { label: 'Other model…', detail: 'Any Hub id or local path', value: other }],
    { title: 'New fine-tune config (2/4): base model', matchOnDetail: true, ignoreFocusOut: true },
  );
  if (picked?.value !== other) return picked?.value;
  return vscode.window.showInputBox({ title: 'Base model: Hub id or local path', placeHolder: 'org/model', ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Enter a model id') });
}

async function pickDataset(task: TaskSpec, folder: string): Promise<ExampleDataset | { path: string } | undefined> {
  const local = '$local';
  const picked = await vscode.window.showQuickPick<Pick<ExampleDataset | typeof local>>(
    [
      ...task.examples.map((x) => ({ label: x.hub, description: x.subset, detail: x.note, value: x })),
      { label: 'Local file…', detail: 'A csv, jsonl or parquet file with the columns this task needs', value: local },
    ],
    { title: 'New fine-tune config (3/4): dataset', ignoreFocusOut: true },
  );
  if (!picked) return undefined;
  if (picked.value !== local) return picked.value;
  const files = await vscode.window.showOpenDialog({ defaultUri: vscode.Uri.file(folder), canSelectMany: false, filters: { 'Datasets': ['csv', 'jsonl', 'json', 'parquet'] }, openLabel: 'Use this dataset' });
  return files?.[0] ? { path: files[0].fsPath } : undefined;
}

function targetFolder(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.scheme === 'file') return dirname(active.fsPath);
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}
