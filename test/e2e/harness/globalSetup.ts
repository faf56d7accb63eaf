import type { TestProject } from 'vitest/node';
import { startTestServer, stopTestServer } from './codeServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    codeServerUrl: string;
    workspacesDir: string;
    userDataDir: string;
    extensionsDir: string;
    chromiumPath: string;
  }
}

/** One code-server for the whole run; each test file opens its own window on it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestServer();
  project.provide('codeServerUrl', server.url);
  project.provide('workspacesDir', server.workspacesDir);
  project.provide('userDataDir', server.userDataDir);
  project.provide('extensionsDir', server.extensionsDir);
  project.provide('chromiumPath', server.tools.chromium);
  return async () => {
    await stopTestServer(server);
  };
}
