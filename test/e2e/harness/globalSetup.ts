import type { TestProject } from 'vitest/node';
import { startTestServer, stopTestServer } from './codeServer.js';
import { startE2eModal } from './fakeModal.js';

declare module 'vitest' {
  export interface ProvidedContext {
    codeServerUrl: string;
    workspacesDir: string;
    userDataDir: string;
    extensionsDir: string;
    chromiumPath: string;
    /** Where a test releases the fake Modal's stand-in run: create `<dir>/<run-id>`. */
    modalGateDir: string;
    /** The fake Modal control plane's URL (code-server's MODAL_SERVER_URL). */
    modalUrl: string;
    /** Create `<dir>/outage-<ms>` for a control-plane outage of that long. */
    modalControlDir: string;
  }
}

/**
 * One code-server for the whole run; each test file opens its own window on it. The fake
 * Modal control plane starts first, so the extension host gets its URL and token.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const modal = await startE2eModal();
  let server;
  try {
    server = await startTestServer(modal.env);
  } catch (err) {
    await modal.stop();
    throw err;
  }
  project.provide('codeServerUrl', server.url);
  project.provide('workspacesDir', server.workspacesDir);
  project.provide('userDataDir', server.userDataDir);
  project.provide('extensionsDir', server.extensionsDir);
  project.provide('chromiumPath', server.tools.chromium);
  project.provide('modalGateDir', modal.gateDir);
  project.provide('modalUrl', modal.fake.url);
  project.provide('modalControlDir', modal.controlDir);
  return async () => {
    try {
      await stopTestServer(server);
    } finally {
      await modal.stop();
    }
  };
}
