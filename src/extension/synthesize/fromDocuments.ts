import * as vscode from 'vscode';
import { existsSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { synthStarterConfig } from '../../core/config/synthStarter';

/**
 * "New Config from Documents": asks for the documents folder and writes a config beside it (in the
 * workspace folder) whose dataset.synthesize makes the training pairs, then opens it.
 */
export async function fromDocumentsCommand(): Promise<void> {
  const ws = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const picked = await vscode.window.showOpenDialog({
    title: 'The folder of your documents (.md, .txt, .rst, .html)', canSelectFolders: true, canSelectFiles: false, canSelectMany: false,
    ...(ws ? { defaultUri: vscode.Uri.file(ws) } : {}),
  });
  const folder = picked?.[0]?.fsPath;
  if (!folder) return;
  const root = ws && !relative(ws, folder).startsWith('..') ? ws : dirname(folder);
  const stem = (basename(folder) || 'documents').replace(/[^\w.-]+/g, '-');
  let target = join(root, `${stem}.finetune.yaml`);
  for (let i = 2; existsSync(target); i++) target = join(root, `${stem}-${i}.finetune.yaml`);
  writeFileSync(target, synthStarterConfig({ folder: relative(root, folder).split(sep).join('/') }));
  await vscode.window.showTextDocument(vscode.Uri.file(target));
  void vscode.window.showInformationMessage(`Wrote ${basename(target)}: run Synthesize Training Pairs to make its training pairs.`, 'Synthesize Now')
    .then((a) => (a ? vscode.commands.executeCommand('finetuneEmbeddings.synthesize', vscode.Uri.file(target)) : undefined));
}
