import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

/** The extension's own log ("Fine-tune Embeddings" in the Output panel). Never given secrets. */
export function log(): vscode.LogOutputChannel {
  channel ??= vscode.window.createOutputChannel('Fine-tune Embeddings', { log: true });
  return channel;
}
