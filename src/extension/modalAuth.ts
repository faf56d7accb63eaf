import * as vscode from 'vscode';
import type { ModalCredentials } from '../core/backends/modal/modalClient';
import { requireTrust } from './trust';

const TOKEN_ID = 'finetuneEmbeddings.modal.tokenId';
const TOKEN_SECRET = 'finetuneEmbeddings.modal.tokenSecret';

/** Modal credentials from SecretStorage; undefined lets the SDK fall back to the environment, then ~/.modal.toml. */
export async function storedCredentials(secrets: vscode.SecretStorage): Promise<ModalCredentials | undefined> {
  requireTrust('Using the Modal token');
  const [tokenId, tokenSecret] = await Promise.all([secrets.get(TOKEN_ID), secrets.get(TOKEN_SECRET)]);
  return tokenId && tokenSecret ? { tokenId, tokenSecret } : undefined;
}

/** "Sign in to Modal": asks for the token pair, verifies it with one cheap call, stores it in SecretStorage. */
export async function signInToModal(secrets: vscode.SecretStorage, verify: (c: ModalCredentials) => Promise<void>): Promise<boolean> {
  const tokenId = await vscode.window.showInputBox({
    title: 'Sign in to Modal (1/2): token id',
    prompt: 'Create a token at modal.com → Settings → API Tokens (or run `modal token new`).',
    placeHolder: 'ak-…',
    ignoreFocusOut: true,
    validateInput: (v) => (/^ak-\S+$/.test(v.trim()) ? undefined : 'A Modal token id starts with "ak-".'),
  });
  if (!tokenId) return false;
  const tokenSecret = await vscode.window.showInputBox({
    title: 'Sign in to Modal (2/2): token secret',
    placeHolder: 'as-…',
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (/^as-\S+$/.test(v.trim()) ? undefined : 'A Modal token secret starts with "as-".'),
  });
  if (!tokenSecret) return false;
  const credentials = { tokenId: tokenId.trim(), tokenSecret: tokenSecret.trim() };
  try {
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Checking the Modal token…' }, () => verify(credentials));
  } catch (err) {
    void vscode.window.showErrorMessage(`Modal did not accept this token: ${err instanceof Error ? err.message : String(err)}`, 'Try again')
      .then((a) => (a ? vscode.commands.executeCommand('finetuneEmbeddings.signInToModal') : undefined));
    return false;
  }
  await secrets.store(TOKEN_ID, credentials.tokenId);
  await secrets.store(TOKEN_SECRET, credentials.tokenSecret);
  void vscode.window.showInformationMessage('Signed in to Modal. The token is kept in VS Code\'s secret storage.');
  return true;
}

export async function signOutOfModal(secrets: vscode.SecretStorage): Promise<void> {
  await secrets.delete(TOKEN_ID);
  await secrets.delete(TOKEN_SECRET);
  void vscode.window.showInformationMessage('Signed out of Modal: the stored token was removed.');
}
