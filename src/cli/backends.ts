import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { JobBackend } from '../core/backends/jobBackend';
import type { ModalConnection } from '../core/backends/modal/modalClient';
import { createLocalBackend } from '../core/backends/local/localBackend';
import type { RunStore } from '../core/runs/runStore';

/**
 * Where the Python templates are: the nearest folder above this module that holds
 * gpu-templates/finetune.py. That is <package>/gpu-templates from dist/cli.js, and
 * <repo>/gpu-templates from src/cli when the sources run directly (tests, ts runners).
 */
export function findTemplateDir(from: string = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'gpu-templates');
    if (existsSync(join(candidate, 'finetune.py'))) return candidate;
    if (dirname(dir) === dir) return join(from, '..', 'gpu-templates'); // not found: the packaged layout
  }
}

/** FINETUNE_TEMPLATE_DIR runs a modified copy of the templates (same layout: finetune.py, fte/, requirements.txt). */
export const TEMPLATE_DIR = process.env.FINETUNE_TEMPLATE_DIR || findTemplateDir();

/** FINETUNE_PYTHON, else the training environment (`finetune-embeddings env`) when built, else python3. */
export async function localPython(): Promise<string> {
  if (process.env.FINETUNE_PYTHON) return process.env.FINETUNE_PYTHON;
  const { findTrainingEnv } = await import('../core/pyenv/trainingEnv');
  const { trainingEnvOptions } = await import('./commands/env');
  return (await findTrainingEnv(trainingEnvOptions()))?.python ?? 'python3';
}

/** Backends for the terminal: Modal credentials come from the environment or ~/.modal.toml. */
export async function cliBackend(kind: 'modal' | 'local', store: RunStore): Promise<JobBackend> {
  if (kind === 'local') return createLocalBackend({ python: await localPython(), runsDir: store.dir });
  const { createModalBackend } = await import('../core/backends/modal/modalBackend');
  return createModalBackend(cliModalConnection());
}

/** The Modal app and volume the CLI uses (FINETUNE_MODAL_APP / FINETUNE_MODAL_VOLUME / MODAL_ENVIRONMENT). */
export function cliModalConnection(): ModalConnection {
  return {
    appName: process.env.FINETUNE_MODAL_APP ?? 'finetune-embeddings',
    volumeName: process.env.FINETUNE_MODAL_VOLUME ?? 'finetune-embeddings',
    environment: process.env.MODAL_ENVIRONMENT,
  };
}
