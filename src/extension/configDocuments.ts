import type * as vscode from 'vscode';

/** Config files are YAML documents named *.finetune.yaml / *.finetune.yml. */
export const CONFIG_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', pattern: '**/*.finetune.{yaml,yml}' },
  { scheme: 'untitled', language: 'yaml' },
];

export function isConfigDocument(doc: vscode.TextDocument): boolean {
  return /\.finetune\.ya?ml$/i.test(doc.fileName);
}
