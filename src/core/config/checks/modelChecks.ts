import os from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { CheckContext } from './context';
import { report, str } from './context';
import { modelIdOf, modelIdPath } from '../modelRef';
import { valueAt } from '../structuralChecks';

/**
 * Whether `model:` names a folder on this machine rather than a Hub id. Explicit paths (./, ../,
 * /, ~, a drive letter) always do; a bare name does when such a folder sits next to the config,
 * as sentence-transformers itself prefers an existing folder to a Hub id.
 */
export function isLocalModel(model: string, configDir: string | undefined, exists?: (p: string) => boolean): boolean {
  if (/^(\.{1,2}[\\/]|[\\/]|~[\\/]|[A-Za-z]:[\\/])/.test(model) || model === '.' || model === '..') return true;
  return configDir !== undefined && exists !== undefined && exists(join(configDir, model));
}

/** The absolute folder of a local model, resolved against the config's folder like dataset.path. */
export function resolveModelPath(model: string, configDir: string): string {
  if (model === '~' || model.startsWith('~/') || model.startsWith('~\\')) return join(os.homedir(), model.slice(1));
  return isAbsolute(model) ? model : join(configDir, model);
}

/** A local model folder must exist, and cannot be used on Modal (the sandbox only receives the job files). */
export function checkModel(ctx: CheckContext): void {
  const raw = valueAt(ctx.root, ['model']);
  const model = modelIdOf(raw);
  const at = modelIdPath(raw);
  checkRemoteCode(ctx, model);
  const { configDir, fileExists } = ctx.options;
  if (!model || !isLocalModel(model, configDir, fileExists)) return;
  if ((str(ctx, ['compute', 'backend']) ?? 'modal') === 'modal') {
    report(ctx, 'error', 'model-local-with-modal', at,
      `"${model}" is a folder on this machine, which a Modal GPU cannot read: the sandbox receives only the job files. Push the model to the Hugging Face Hub and name its id here, or set compute.backend: local.`);
    return;
  }
  if (!fileExists || (configDir === undefined && !isAbsolute(model))) return;
  const absolute = resolveModelPath(model, configDir ?? '');
  if (!fileExists(absolute)) {
    report(ctx, 'error', 'model-path-not-found', at,
      `Model folder "${model}" does not exist (looked for ${absolute}). Paths are relative to the config file; a Hub id looks like org/name.`);
  }
}

/** trust_remote_code: the code that will run, named where it is switched on; unpinned is worse. */
function checkRemoteCode(ctx: CheckContext, model: string | undefined): void {
  if (valueAt(ctx.root, ['model', 'trust_remote_code']) !== true || !model) return;
  const revision = str(ctx, ['model', 'revision']);
  report(ctx, 'warning', 'model-remote-code', ['model', 'trust_remote_code'],
    `trust_remote_code runs the Python code that ships with "${model}" (its configuration and modeling files) wherever this run trains, with its secrets. `
    + (revision ? `It is pinned to revision ${revision}. ` : 'Nothing pins which version of that code runs: set model.revision to a commit hash. ')
    + 'You are asked to confirm before each launch; Restricted Mode never runs it.', { on: 'key' });
}
