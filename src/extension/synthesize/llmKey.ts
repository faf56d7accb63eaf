import * as vscode from 'vscode';

const KEY = 'finetuneEmbeddings.synthesize.llmApiKey';

/** The LLM generator's API key from SecretStorage (never the config, run records or the webview). */
export function storedLlmKey(secrets: vscode.SecretStorage): Thenable<string | undefined> {
  return secrets.get(KEY);
}

/** "Set LLM API Key": stores the key for dataset.synthesize.generator in SecretStorage; empty input removes it. */
export async function setLlmKeyCommand(secrets: vscode.SecretStorage): Promise<void> {
  const key = await vscode.window.showInputBox({
    title: 'API key for the synthesize step\'s LLM endpoint',
    prompt: 'Kept in VS Code\'s secret storage and passed to the generator as FINETUNE_SYNTH_API_KEY; never written to the config. Leave empty to remove it.',
    password: true,
    ignoreFocusOut: true,
  });
  if (key === undefined) return;
  if (key.trim()) await secrets.store(KEY, key.trim());
  else await secrets.delete(KEY);
  void vscode.window.showInformationMessage(key.trim() ? 'LLM API key stored.' : 'LLM API key removed.');
}
