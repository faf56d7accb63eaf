import { execFile } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { settings, updateSetting } from '../settings';

interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath(): { path: string } };
}

/** The setting, else the Python extension's selected interpreter, else python3. */
export async function localPython(): Promise<string> {
  const configured = settings().pythonPath;
  if (configured) return configured;
  const ext = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (ext) {
    try {
      const api = ext.isActive ? ext.exports : await ext.activate();
      const path = api?.environments?.getActiveEnvironmentPath().path;
      if (path && path !== 'python') return path;
    } catch {
      /* fall through to python3 */
    }
  }
  return 'python3';
}

/** Whether the interpreter can import sentence-transformers; the error text otherwise. */
export function checkSentenceTransformers(python: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import sentence_transformers, datasets, accelerate'], { timeout: 60_000 }, (err, _out, stderr) => {
      resolve(err ? (stderr.trim().split('\n').pop() ?? err.message) : undefined);
    });
  });
}

/** "Create local environment": a virtualenv in .finetune/venv with the pinned requirements, in a visible terminal. */
export async function createLocalEnvironment(workspaceRoot: string, requirementsPath: string): Promise<void> {
  const venv = join(workspaceRoot, '.finetune', 'venv');
  const python = process.platform === 'win32' ? join(venv, 'Scripts', 'python.exe') : join(venv, 'bin', 'python');
  const terminal = vscode.window.createTerminal({ name: 'Fine-tune Embeddings: local environment', cwd: workspaceRoot });
  terminal.show();
  // Paths are quoted by the shell integration-free way: each is passed as its own argument.
  const q = (s: string) => `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
  terminal.sendText(`python3 -m venv ${q(venv)} && ${q(python)} -m pip install --progress-bar on -r ${q(requirementsPath)}`);
  await updateSetting('local.pythonPath', python);
  void vscode.window.showInformationMessage(`Installing the template's requirements into ${venv} (see the terminal). Launch again when it finishes.`);
}
