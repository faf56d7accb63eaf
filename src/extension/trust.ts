import * as vscode from 'vscode';

/**
 * Workspace trust. A folder from a stranger may hold run records, settings and configs of its
 * choosing: until the user trusts it, nothing here runs code (Python), signals a process, uses
 * the stored Modal token or deletes files. The choke points (localPython, storedCredentials, the
 * backends) throw RestrictedModeError; commands check first so the user gets a message, not an error.
 */
export class RestrictedModeError extends Error {
  override readonly name = 'RestrictedModeError';
  constructor(readonly what: string) {
    super(`${what} is off in Restricted Mode: this folder is not trusted, and ${what.toLowerCase()} runs code, signals processes, uses your Modal token or deletes files. Trust the folder to turn it on.`);
  }
}

export function requireTrust(what: string): void {
  if (!vscode.workspace.isTrusted) throw new RestrictedModeError(what);
}

/** For commands: true when trusted; otherwise says why not, with a way to trust the folder. */
export function whenTrusted(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  showRestricted(new RestrictedModeError(what));
  return false;
}

export function showRestricted(err: RestrictedModeError): void {
  void vscode.window.showWarningMessage(err.message, 'Manage Workspace Trust')
    .then((a) => (a ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
}
