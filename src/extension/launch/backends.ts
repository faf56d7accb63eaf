import type * as vscode from 'vscode';
import type { JobBackend } from '../../core/backends/jobBackend';
import { createLocalBackend } from '../../core/backends/local/localBackend';
import { storedCredentials } from '../modalAuth';
import { settings } from '../settings';
import { localPython } from './localPython';
import { requireTrust } from '../trust';

/** Builds a backend on demand; the Modal SDK module is loaded only here, on first use. */
export function backendFactory(context: vscode.ExtensionContext, runsDir: () => string | undefined) {
  return async (kind: 'modal' | 'local'): Promise<JobBackend> => {
    requireTrust(kind === 'modal' ? 'Reaching runs on Modal' : 'Following local runs');
    if (kind === 'local') {
      const dir = runsDir();
      if (!dir) throw new Error('Open a folder first: runs are recorded in its .finetune/runs.');
      return createLocalBackend({ python: await localPython(context), runsDir: dir });
    }
    const { createModalBackend } = await import('../../core/backends/modal/modalBackend');
    const s = settings();
    return createModalBackend({ appName: s.modalAppName, volumeName: s.modalVolume, environment: s.modalEnvironment, credentials: await storedCredentials(context.secrets) });
  };
}

export { templateDir } from './templateDir';
