import { join } from 'node:path';
import type { JobBackend } from '../core/backends/jobBackend';
import { createLocalBackend } from '../core/backends/local/localBackend';
import type { RunStore } from '../core/runs/runStore';

/** Where the Python templates are: next to dist/ in the package and in the repository. */
export const TEMPLATE_DIR = join(__dirname, '..', 'gpu-templates');

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
