import * as vscode from 'vscode';
import { completionsAt } from '../core/config/completions';
import { hoverAt } from '../core/config/hover';
import { CONFIG_SELECTOR, isConfigDocument } from './configDocuments';
import { DIAGNOSTIC_SOURCE, toRange } from './convert';
import { validateDocument } from './diagnostics';

/** Completions, hovers and Quick Fixes, all computed by the core from the document text. */
export function registerLanguageFeatures(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.languages.registerCompletionItemProvider(CONFIG_SELECTOR, { provideCompletionItems }, ':', ' ', '{', ','),
    vscode.languages.registerHoverProvider(CONFIG_SELECTOR, { provideHover }),
    vscode.languages.registerCodeActionsProvider(CONFIG_SELECTOR, { provideCodeActions }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
}

function provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
  if (!isConfigDocument(doc)) return undefined;
  const offset = doc.offsetAt(position);
  const wordRange = doc.getWordRangeAtPosition(position, /[\w.@/:-]+/);
  return completionsAt(doc.getText(), offset).map((c) => {
    const kind = c.kind === 'key' ? vscode.CompletionItemKind.Property : c.kind === 'snippet' ? vscode.CompletionItemKind.Snippet : vscode.CompletionItemKind.EnumMember;
    const item = new vscode.CompletionItem(c.label, kind);
    item.insertText = c.insertText;
    item.detail = c.detail;
    item.sortText = c.sortText;
    item.preselect = c.preselect;
    if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
    if (wordRange) item.range = wordRange;
    return item;
  });
}

function provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
  if (!isConfigDocument(doc)) return undefined;
  const hover = hoverAt(doc.getText(), doc.offsetAt(position));
  return hover ? new vscode.Hover(new vscode.MarkdownString(hover.markdown), toRange(hover.range)) : undefined;
}

function provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
  const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  if (ours.length === 0) return [];
  // Recompute instead of caching: the fixes always match the current text.
  const fresh = validateDocument(doc).diagnostics;
  const actions: vscode.CodeAction[] = [];
  for (const diagnostic of ours) {
    const match = fresh.find((d) => d.code === diagnostic.code && toRange(d.range).isEqual(diagnostic.range));
    for (const fix of match?.fixes ?? []) {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, toRange(fix.range), fix.newText);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
  }
  return actions;
}
