import { join } from 'node:path';
import type * as vscode from 'vscode';
import { defaultCacheDir, findTrainingEnv } from '../../core/pyenv/trainingEnv';
import { templateDir } from '../launch/backends';
import { localPython } from '../launch/localPython';
import { settings } from '../settings';

/**
 * The interpreter for the templates' tools (try, export): the setting, else FINETUNE_PYTHON (as
 * the CLI), else the training environment `finetune-embeddings env` built (it has onnx), else
 * the Python extension's or python3.
 */
export async function toolPython(context: vscode.ExtensionContext): Promise<string> {
  const configured = settings().pythonPath ?? process.env.FINETUNE_PYTHON;
  if (configured) return configured;
  const dir = templateDir(context);
  const env = await findTrainingEnv({ root: defaultCacheDir(), requirementsPath: join(dir, 'requirements.txt'), localRequirementsPath: join(dir, 'requirements-local.txt') });
  return env?.python ?? localPython();
}
