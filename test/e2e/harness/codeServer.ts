import fs from 'node:fs';
import path from 'node:path';
import { provision } from '../../../scripts/provision.mjs';
import type { ProvisionedTools } from '../../../scripts/provision.mjs';
import { startCodeServer } from '../../../scripts/codeServer.mjs';
import type { CodeServer } from '../../../scripts/codeServer.mjs';
import { examplesDir, resultsDir, vsixPath } from './paths.js';
import { trainingPython } from '../../support/trainingPython.js';

export type { CodeServer };

/**
 * Typing must land as typed: no suggestions popping up on their own (tests open them
 * with Ctrl+Space), no commit characters, no auto-closing or formatting as you type.
 */
export const TEST_SETTINGS: Record<string, unknown> = {
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.acceptSuggestionOnCommitCharacter': false,
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.parameterHints.enabled': false,
  'editor.hover.enabled': false,
  // No fade-ins: screenshots and visibility checks see the final frame.
  'workbench.reduceMotion': 'on',
  // Launches go straight to the (fake) Modal control plane, no cost dialog.
  'finetuneEmbeddings.confirmLaunch': false,
};

/** Set in the extension host's environment: panels expose `window.__fteTest` (raw chart data). */
export const TEST_HOOKS_ENV = { FINETUNE_EMBEDDINGS_TEST_HOOKS: '1' };

export interface TestServer extends CodeServer {
  tools: ProvisionedTools;
  /** Where per-file workspace copies go (inside the server's session folder). */
  workspacesDir: string;
}

/**
 * Starts one code-server for the whole suite with our .vsix installed. Its output goes
 * to test-results/e2e/code-server.log. Each test file opens its own copy of examples/
 * in its own window (see `copyWorkspace`), so files never see each other's edits.
 */
export interface TestServerOptions {
  /** A second server beside the suite's: its own session folder and log. */
  name?: string;
  /** The folder it opens (default examples/). */
  workspace?: string;
  /** Keep workspace trust on: folders open in Restricted Mode (the suite's server turns it off). */
  workspaceTrust?: boolean;
}

export async function startTestServer(extraEnv: Record<string, string> = {}, opts: TestServerOptions = {}): Promise<TestServer> {
  const tools = provision({ quiet: true });
  if (!fs.existsSync(vsixPath)) {
    throw new Error(`e2e: ${vsixPath} is missing; run \`npm run package\` (or set FTE_VSIX)`);
  }
  fs.mkdirSync(resultsDir, { recursive: true });
  const sessionDir = path.join(tools.cacheDir, 'sessions', `e2e-${process.pid}${opts.name ? `-${opts.name}` : ''}`);
  const workspacesDir = path.join(sessionDir, 'workspaces');
  // code-server (and so the extension host) inherits this process's environment at spawn
  // time: set the extra variables for the spawn only, so test workers never see them.
  const env = { ...TEST_HOOKS_ENV, ...extraEnv };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  let server: CodeServer;
  try {
    server = await startCodeServer({
      tools,
      sessionDir,
      workspace: opts.workspace ?? examplesDir,
      vsixes: [vsixPath],
      logFile: path.join(resultsDir, `code-server${opts.name ? `-${opts.name}` : ''}.log`),
      workspaceTrust: opts.workspaceTrust,
      // Local runs (the quickstart case) train for real, in the training environment.
      settings: { ...TEST_SETTINGS, 'finetuneEmbeddings.local.pythonPath': trainingPython() },
    });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  fs.mkdirSync(workspacesDir, { recursive: true });
  return { ...server, tools, workspacesDir };
}

export async function stopTestServer(server: TestServer): Promise<void> {
  await server.stop();
  // Keep the extension host logs for post-mortems, then drop the session folder.
  copyServerLogs(server.userDataDir, path.join(resultsDir, 'vscode-logs'));
  fs.rmSync(server.sessionDir, { recursive: true, force: true });
}

/** Copies VS Code's own logs (extension host, renderer, server) next to the results. */
export function copyServerLogs(userDataDir: string, dest: string): void {
  const logs = path.join(userDataDir, 'logs');
  if (!fs.existsSync(logs)) return;
  fs.rmSync(dest, { recursive: true, force: true });
  fs.cpSync(logs, dest, { recursive: true });
}

/** A fresh copy of examples/ for one test file (still named examples/, as users see it). */
export function copyWorkspace(workspacesDir: string, name: string): string {
  fs.rmSync(path.join(workspacesDir, name), { recursive: true, force: true });
  const dir = path.join(workspacesDir, name, 'examples');
  fs.mkdirSync(dir, { recursive: true });
  if (fs.existsSync(examplesDir)) fs.cpSync(examplesDir, dir, { recursive: true });
  return dir;
}
