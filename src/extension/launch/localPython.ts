import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { defaultCacheDir, ensureTrainingEnv, findTrainingEnv, templateRequirements, TrainingEnvError } from '../../core/pyenv/trainingEnv';
import type { TrainingEnv, TrainingEnvOptions } from '../../core/pyenv/trainingEnv';
import { log } from '../log';
import { settings, updateSetting } from '../settings';
import { templateDir } from './templateDir';
import { requireTrust } from '../trust';

interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath(): { path: string } };
}

/** The shared installer's options: the environment lives in this extension's global storage, outside any workspace. */
export function extensionEnvOptions(context: vscode.ExtensionContext): TrainingEnvOptions {
  return {
    root: context.globalStorageUri.fsPath,
    ...templateRequirements(templateDir(context)),
  };
}

/**
 * The setting, else the environment "Create Local Training Environment" built, else the one
 * `finetune-embeddings env` (or npm start) built, else the Python extension's interpreter, else python3.
 */
export async function localPython(context: vscode.ExtensionContext): Promise<string> {
  // The interpreter is a setting a repository can set (.vscode/settings.json): never run it untrusted.
  requireTrust('Running Python');
  const configured = settings().pythonPath;
  if (configured) return configured;
  const own = extensionEnvOptions(context);
  for (const root of [own.root, defaultCacheDir()]) {
    const managed = await findTrainingEnv({ ...own, root }).catch(() => undefined);
    if (managed) return managed.python;
  }
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

/**
 * "Create Local Training Environment": the shared installer (the pinned requirements, torch as a
 * CPU build where there is no NVIDIA GPU) with progress and Cancel. pip's output goes to the log;
 * a failure shows pip's own last lines and leaves nothing half-built. Returns the environment, or
 * undefined when it failed or was cancelled.
 */
export async function createLocalEnvironment(context: vscode.ExtensionContext): Promise<TrainingEnv | undefined> {
  const opts = extensionEnvOptions(context);
  const out = log();
  try {
    const env = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Creating the local training environment', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        return ensureTrainingEnv({
          ...opts,
          signal: abort.signal,
          onStep: (m) => {
            out.info(`[env] ${m}`);
            progress.report({ message: m.length > 90 ? `${m.slice(0, 90)}…` : m });
          },
          onLine: (l) => out.info(`  ${l}`),
        });
      },
    );
    // The user asked for this environment: make it the one local runs use, even over an older setting.
    if (settings().pythonPath && settings().pythonPath !== env.python) await updateSetting('local.pythonPath', env.python);
    void vscode.window.showInformationMessage(`Local training environment ready${env.created ? ` in ${Math.round(env.seconds)} s` : ''}: torch ${env.versions.torch}, sentence-transformers ${env.versions['sentence-transformers']}.`);
    return env;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    out.error(`[env] ${message}`);
    if (err instanceof TrainingEnvError) {
      for (const line of err.tail) out.error(`  ${line}`);
      if (err.logFile) out.error(`  full log: ${err.logFile}`);
    }
    const cancelled = err instanceof TrainingEnvError && err.step === 'cancelled';
    const detail = err instanceof TrainingEnvError && err.tail.length ? `\n\n${err.tail.slice(-6).join('\n')}` : '';
    const answer = await vscode.window.showErrorMessage(
      cancelled ? 'Creating the local training environment was cancelled; nothing was left behind.' : `Creating the local training environment failed: ${message}`,
      { modal: !cancelled, detail: cancelled ? undefined : `${detail.trim()}\n\nThe half-built environment was removed. See "Fine-tune Embeddings" in the Output panel for pip's full output.`.trim() },
      ...(cancelled ? [] : ['Show Log', 'Retry']),
    );
    if (answer === 'Show Log') out.show();
    if (answer === 'Retry') return createLocalEnvironment(context);
    return undefined;
  }
}
