/**
 * A sweep's place on the volume (its run folder: the Optuna study, the trials, best-model) is
 * keyed by the config's path in the workspace and its content, not by its file name: two
 * `sweep.finetune.yaml` in different folders, or a config changed since the last launch, get
 * their own study; relaunching the same config finds its study again and runs what is left.
 */
import { createHash } from 'node:crypto';
import { isAbsolute, relative, sep } from 'node:path';

const KEY_CHARS = 10;

/** The config's path relative to the workspace, with `/` on every OS (so the key is the same everywhere). */
export function workspaceConfigPath(workspaceRoot: string, configPath: string): string {
  const rel = isAbsolute(configPath) ? relative(workspaceRoot, configPath) : configPath;
  return rel.split(sep).join('/');
}

/** A short hex key of (workspace-relative path, content). */
export function sweepKey(relConfigPath: string, configText: string): string {
  return createHash('sha256').update(relConfigPath).update('\0').update(configText).digest('hex').slice(0, KEY_CHARS);
}

/** "sweep-<name>-<key>": readable on the volume, unique per config path and content. */
export function sweepRunDirId(name: string, key: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'sweep';
  return `sweep-${slug}-${key}`;
}
