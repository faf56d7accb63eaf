import * as vscode from 'vscode';
import type { FinetuneConfig } from '../../core/config/schema';
import { modelIdOf } from '../../core/config/modelRef';
import { modelOptions, remoteCodeWarning } from '../../core/job/jobModel';
import { whenTrusted } from '../trust';

/** model.trust_remote_code: only in a trusted workspace, and only after the user read what will run. */
export async function confirmRemoteCode(config: FinetuneConfig, backend: 'modal' | 'local'): Promise<boolean> {
  const warning = remoteCodeWarning(modelIdOf(config.model) ?? '', modelOptions(config.model), backend);
  if (!warning) return true;
  if (!whenTrusted('Running a model\'s own code')) return false;
  const run = 'Run Its Code';
  return (await vscode.window.showWarningMessage(warning, { modal: true }, run)) === run;
}
