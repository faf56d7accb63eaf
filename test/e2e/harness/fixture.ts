import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import type { BrowserSession } from './browser.js';
import { copyServerLogs, copyWorkspace } from './codeServer.js';
import { resultsDir, slug } from './paths.js';
import { waitForWorkbench } from './workbench.js';

export interface Workbench {
  /** The browser tab showing the workbench. */
  readonly page: Page;
  /** This file's own copy of examples/, opened as the workspace folder. */
  readonly workspace: string;
  /** Absolute path of a workspace file. */
  file(rel: string): string;
  /** Saves a screenshot and logs under test-results/e2e/<suite>/ (also done on failure). */
  capture(label: string): Promise<string>;
}

/**
 * Registers the hooks of one e2e file: a fresh copy of examples/ opened in its own
 * window of the suite's code-server, and, on any failure, a screenshot, the browser
 * console, the code-server log and VS Code's logs under test-results/e2e/<suite>/.
 */
export interface WorkbenchOptions {
  /** Runs on the fresh workspace copy before the window opens (e.g. to write a run store). */
  prepare?: (workspace: string) => void | Promise<void>;
}

export function useWorkbench(suite: string, options: WorkbenchOptions = {}): Workbench {
  let session: BrowserSession | undefined;
  let workspace = '';
  const dir = path.join(resultsDir, slug(suite));

  const capture = async (label: string): Promise<string> => {
    fs.mkdirSync(dir, { recursive: true });
    const base = path.join(dir, slug(label));
    if (session) {
      await session.page.screenshot({ path: `${base}.png`, timeout: 10_000 }).catch(() => undefined);
      fs.writeFileSync(`${base}.console.log`, session.consoleLines.join('\n'));
    }
    const serverLog = path.join(resultsDir, 'code-server.log');
    if (fs.existsSync(serverLog)) fs.copyFileSync(serverLog, `${base}.code-server.log`);
    copyServerLogs(inject('userDataDir'), `${base}.vscode-logs`);
    return `${base}.png`;
  };

  beforeAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    workspace = copyWorkspace(inject('workspacesDir'), slug(suite));
    await options.prepare?.(workspace);
    session = await launchBrowser(inject('chromiumPath'));
    const url = `${inject('codeServerUrl')}/?folder=${encodeURIComponent(workspace)}`;
    try {
      await waitForWorkbench(session.page, url);
    } catch (err) {
      await capture('workbench-did-not-load');
      throw err;
    }
  });

  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      const shot = await capture(task.name);
      console.error(`e2e failure artifacts: ${shot} (+ .console.log, .code-server.log, .vscode-logs/)`);
    });
  });

  afterAll(async () => {
    await session?.close();
  });

  return {
    get page() {
      if (!session) throw new Error('the workbench is not open (beforeAll failed?)');
      return session.page;
    },
    get workspace() {
      return workspace;
    },
    file: (rel) => path.join(workspace, rel),
    capture,
  };
}
