#!/usr/bin/env node
// `npm start`: set-up (npm dependencies, build, the Python training environment, Node 24 +
// code-server + Chromium; all cached, see setup.mjs), pack the .vsix, then run a real VS Code
// in the browser with the extension installed and examples/ opened, its local runs using the
// training environment, so the quickstart fine-tunes right away.
// Flags: --skip-build (reuse out/*.vsix), --port N. Env: FTE_VSIX (use this .vsix),
// FTE_CACHE_DIR (cache folder). Ctrl-C stops the server and everything it started.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './provision.mjs';
import { setup, stage, SetupError } from './setup.mjs';
import { startCodeServer } from './codeServer.mjs';

const argv = process.argv.slice(2);
const skipBuild = argv.includes('--skip-build') || Boolean(process.env.FTE_VSIX);
const portArg = argv.indexOf('--port');
const port = portArg >= 0 ? Number(argv[portArg + 1]) : undefined;
const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

const { python, tools } = setup({ codeServer: true });
if (!skipBuild) {
  stage('package the .vsix', () => {
    const r = spawnSync(process.execPath, ['scripts/package.mjs'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new SetupError(`scripts/package.mjs exited ${r.status}; its errors are above.`);
  });
}

const vsix = process.env.FTE_VSIX ?? path.join(repoRoot, 'out', 'finetune-embeddings.vsix');
const sessionDir = path.join(tools.cacheDir, 'sessions', 'start');
const workspace = path.join(repoRoot, 'examples');

let server;
try {
  server = await startCodeServer({
    tools,
    sessionDir,
    workspace,
    vsixes: [vsix],
    // Local runs (the quickstart) use the training environment set-up just built.
    settings: { 'finetuneEmbeddings.local.pythonPath': python },
    port,
    logFile: path.join(sessionDir, 'code-server.log'),
  });
} catch (err) {
  console.error(`npm start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}

console.log(`\nFine-tune Embeddings is running in VS Code (code-server) at:\n\n  ${server.url}/\n`);
console.log(`workspace: ${workspace}\nlocal runs use: ${python}\nserver log: ${server.logFile}\nready in ${secs()}.`);
console.log('Try it: open quickstart.finetune.yaml and press Launch (the rocket in the editor title). Press Ctrl-C to stop.');

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping code-server...`);
  await server.stop();
  console.log('stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));
void server.exited.then(({ code, signal }) => {
  if (stopping) return;
  console.error(`code-server exited on its own (${code ?? signal}); see ${server.logFile}`);
  process.exit(code || 1);
});
