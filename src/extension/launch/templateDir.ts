import { join } from 'node:path';
import type * as vscode from 'vscode';

/** The packaged gpu-templates/ (Python the runs execute, and the pinned requirements). */
export function templateDir(context: vscode.ExtensionContext): string {
  return join(context.extensionPath, 'gpu-templates');
}
