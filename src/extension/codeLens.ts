import * as vscode from 'vscode';
import { CONFIG_SELECTOR, isConfigDocument } from './configDocuments';

/** "Launch", "Check data" and "Show pairings" above the `task:` line of a config; "Compare on my data" above `model:`. */
export function registerCodeLens(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.languages.registerCodeLensProvider(CONFIG_SELECTOR, {
    provideCodeLenses(doc) {
      if (!isConfigDocument(doc)) return [];
      const line = Math.max(0, doc.getText().split('\n').findIndex((l) => /^task\s*:/.test(l)));
      const range = new vscode.Range(line, 0, line, 0);
      return [
        new vscode.CodeLens(range, { title: '$(rocket) Launch', command: 'finetuneEmbeddings.launch', arguments: [doc.uri] }),
        new vscode.CodeLens(range, { title: '$(checklist) Check data', command: 'finetuneEmbeddings.checkData', arguments: [doc.uri] }),
        new vscode.CodeLens(range, { title: '$(book) Task pairings', command: 'finetuneEmbeddings.showPairings' }),
        ...modelLens(doc),
      ];
    },
  }));
}

/** Above the top-level `model:` line: score candidate base models zero-shot on this config's test split. */
function modelLens(doc: vscode.TextDocument): vscode.CodeLens[] {
  const line = doc.getText().split('\n').findIndex((l) => /^model\s*:/.test(l));
  if (line < 0) return [];
  return [new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: '$(beaker) Compare on my data', command: 'finetuneEmbeddings.compareModels', arguments: [doc.uri] })];
}
