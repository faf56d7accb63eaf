import * as vscode from 'vscode';

/** Typed access to the extension's settings (no secrets here: those live in SecretStorage). */
export function settings() {
  const c = vscode.workspace.getConfiguration('finetuneEmbeddings');
  return {
    modalAppName: c.get<string>('modal.appName', 'finetune-embeddings'),
    modalEnvironment: c.get<string>('modal.environment', '') || undefined,
    modalVolume: c.get<string>('modal.volumeName', 'finetune-embeddings'),
    confirmLaunch: c.get<boolean>('confirmLaunch', true),
    openDashboardOnLaunch: c.get<boolean>('openDashboardOnLaunch', true),
    pythonPath: c.get<string>('local.pythonPath', '') || undefined,
  };
}

export async function updateSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('finetuneEmbeddings').update(key, value, vscode.ConfigurationTarget.Global);
}
