import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { JobBackend } from '../core/backends/jobBackend';
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

/** Backends for the terminal: Modal credentials come from the environment or ~/.modal.toml. */
export async function cliBackend(kind: 'modal' | 'local', store: RunStore): Promise<JobBackend> {
  if (kind === 'local') {
    return createLocalBackend({ python: process.env.FINETUNE_PYTHON ?? 'python3', runsDir: store.dir });
  }
  const { createModalBackend } = await import('../core/backends/modal/modalBackend');
  return createModalBackend({
    appName: process.env.FINETUNE_MODAL_APP ?? 'finetune-embeddings',
    volumeName: process.env.FINETUNE_MODAL_VOLUME ?? 'finetune-embeddings',
    environment: process.env.MODAL_ENVIRONMENT,
  });
}
