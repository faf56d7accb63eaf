import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as vscode from 'vscode';
import type { DoctorOutcome } from '../../core/doctor/runDoctor';
import { runDoctor } from '../../core/doctor/runDoctor';
import { defaultCacheDir, findTrainingEnv } from '../../core/pyenv/trainingEnv';
import { templateDir } from '../launch/backends';
import { localPython } from '../launch/localPython';
import { settings } from '../settings';

/**
 * The interpreter for the data check: the configured one, else the training environment
 * (`finetune-embeddings env`) when it is built (it has the tokenizers and pyarrow the check
 * needs), else the one local runs use. Never builds anything: a check must not start an install.
 */
export async function dataCheckPython(context: vscode.ExtensionContext): Promise<string> {
  const configured = settings().pythonPath;
  if (configured) return configured;
  const dir = templateDir(context);
  const env = await findTrainingEnv({ root: defaultCacheDir(), requirementsPath: join(dir, 'requirements.txt'), localRequirementsPath: join(dir, 'requirements-local.txt') }).catch(() => undefined);
  return env?.python ?? localPython();
}

/** Runs the doctor on one config's text (saved or not); PythonToolError when it cannot run. */
export async function checkConfigData(context: vscode.ExtensionContext, path: string, text: string, signal?: AbortSignal): Promise<DoctorOutcome> {
  const [outcome] = await runDoctor([{ path, text }], {
    python: await dataCheckPython(context), templateDir: templateDir(context), validate: { fileExists: existsSync }, signal,
  });
  return outcome!;
}
