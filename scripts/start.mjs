#!/usr/bin/env node
// `npm start`: build, pack the .vsix, provision code-server + Node 24 (cached), then run
// a real VS Code in the browser with the extension installed and examples/ opened.
// Flags: --skip-build (reuse out/*.vsix), --port N. Env: FTE_VSIX (use this .vsix),
// FTE_CACHE_DIR (cache folder). Ctrl-C stops the server and everything it started.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { provision, repoRoot, ProvisionError } from './provision.mjs';
import { startCodeServer } from './codeServer.mjs';

const argv = process.argv.slice(2);
const skipBuild = argv.includes('--skip-build') || Boolean(process.env.FTE_VSIX);
const portArg = argv.indexOf('--port');
const port = portArg >= 0 ? Number(argv[portArg + 1]) : undefined;
const t0 = Date.now();
const secs = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

function npmRun(script) {
  console.log(`> npm run ${script}`);
  const r = spawnSync('npm', ['run', '--silent', script], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`npm start: \`npm run ${script}\` failed (exit ${r.status ?? r.signal}).`);
    process.exit(r.status || 1);
  }
}

if (!skipBuild) {
  npmRun('build');
  npmRun('package');
}

let tools;
try {
  tools = provision();
} catch (err) {
  console.error(err instanceof ProvisionError ? err.message : err);
  process.exit(1);
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
    port,
    logFile: path.join(sessionDir, 'code-server.log'),
  });
} catch (err) {
  console.error(`npm start: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}

console.log(`\nFine-tune Embeddings is running in VS Code (code-server) at:\n\n  ${server.url}/\n`);
console.log(`workspace: ${workspace}\nserver log: ${server.logFile}\nready in ${secs()}. Press Ctrl-C to stop.`);

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
