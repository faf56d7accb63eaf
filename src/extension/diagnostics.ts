import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { validateConfig } from '../core/config/validate';
import type { ValidationResult } from '../core/config/validate';
import { toDiagnostic } from './convert';
import { isConfigDocument } from './configDocuments';

const DEBOUNCE_MS = 250;

export function validateDocument(doc: vscode.TextDocument): ValidationResult {
  const configDir = doc.uri.scheme === 'file' ? dirname(doc.uri.fsPath) : undefined;
  return validateConfig(doc.getText(), { configDir, fileExists: existsSync });
}

/** Live diagnostics for config files: on open, debounced on change, cleared on close. */
export function registerDiagnostics(context: vscode.ExtensionContext): vscode.DiagnosticCollection {
  const collection = vscode.languages.createDiagnosticCollection('finetuneEmbeddings');
  const timers = new Map<string, NodeJS.Timeout>();
  const refresh = (doc: vscode.TextDocument) => {
    if (!isConfigDocument(doc)) return;
    collection.set(doc.uri, validateDocument(doc).diagnostics.map(toDiagnostic));
  };
  const schedule = (doc: vscode.TextDocument) => {
    if (!isConfigDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      refresh(doc);
    }, DEBOUNCE_MS));
  };
  context.subscriptions.push(
    collection,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((doc) => collection.delete(doc.uri)),
    { dispose: () => timers.forEach(clearTimeout) },
  );
  vscode.workspace.textDocuments.forEach(refresh);
  return collection;
}
