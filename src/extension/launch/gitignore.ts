import { existsSync, readFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';

const ASKED = 'finetuneEmbeddings.gitignoreAsked';

/** Offers, once per workspace, to add .finetune/ to .gitignore: run folders hold models and logs. */
export async function suggestGitignore(root: string, context: vscode.ExtensionContext): Promise<void> {
  const path = join(root, '.gitignore');
  if (context.workspaceState.get(ASKED) || !existsSync(join(root, '.git'))) return;
  if (existsSync(path) && /^\/?\.finetune\/?\s*$/m.test(readFileSync(path, 'utf8'))) return;
  await context.workspaceState.update(ASKED, true);
  const answer = await vscode.window.showInformationMessage('Runs are recorded in .finetune/ (events, logs, local models). Add it to .gitignore?', 'Add to .gitignore', 'Not now');
  if (answer === 'Add to .gitignore') {
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
    appendFileSync(path, `${current && !current.endsWith('\n') ? '\n' : ''}.finetune/\n`);
  }
}
