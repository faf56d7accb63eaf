import * as vscode from 'vscode';
import { CONFIG_SELECTOR, isConfigDocument } from './configDocuments';

/** "Launch", "Check data" and "Show pairings" above the `task:` line of a config. */
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
      ];
    },
  }));
}
