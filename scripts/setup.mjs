// The set-up that `npm test` and `npm start` do before anything else, on a fresh clone too.
// Uses only Node's standard library until the npm dependencies are there. Each stage prints
// what it does and how long it took; a failure names the missing piece, shows the failing
// command's own last lines and says what to do. Everything it downloads or builds goes to the
// project's cache folder ($FTE_CACHE_DIR, default ~/.cache/finetune-embeddings), never
// elsewhere in the home folder.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cacheDir, provision, ProvisionError, repoRoot } from './provision.mjs';

export class SetupError extends Error {}

const secs = (t0) => `${((Date.now() - t0) / 1000).toFixed(1)} s`;

/** Runs one stage with a header and its time; returns what `fn` returns, or exits on failure. */
export function stage(name, fn, timings) {
  const t0 = Date.now();
  console.log(`\n▶ setup: ${name}`);
  try {
    const out = fn();
    console.log(`✓ ${name} (${secs(t0)})`);
    timings?.push(`✓ setup: ${name} (${secs(t0)})`);
    return out;
  } catch (err) {
    const known = err instanceof SetupError || err instanceof ProvisionError;
    console.error(`✗ ${name} failed after ${secs(t0)}:\n${known ? err.message : err?.stack ?? err}`);
    process.exit(1);
  }
}

function tail(text, n = 25) {
  return text.trimEnd().split('\n').slice(-n).map((l) => `    ${l}`).join('\n');
}

/** Hash of what `npm install` installs from; stored in node_modules once an install succeeded. */
function depsHash() {
  const h = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) h.update(fs.readFileSync(path.join(repoRoot, f)));
  return h.digest('hex');
}

const DEPS_STAMP = path.join(repoRoot, 'node_modules', '.fte-deps-stamp');

/** `npm install` when node_modules is missing or older than package.json / package-lock.json. */
export function ensureNpmDeps() {
  const want = depsHash();
  let have;
  try {
    have = fs.readFileSync(DEPS_STAMP, 'utf8').trim();
  } catch {
    have = undefined;
  }
  if (have === want) {
    console.log('  node_modules matches package-lock.json');
    return;
  }
  console.log(have === undefined ? '  node_modules is missing: npm install' : '  package-lock.json changed: npm install');
  // `npm install`, not `npm ci`: cbor-x (a dependency of the Modal SDK) lists optional native
  // packages that this registry does not serve, which `npm ci` treats as a lock mismatch. The
  // lock file still pins every version that is installed.
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, npm_config_cache: path.join(cacheDir(), 'npm-cache') },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    throw new SetupError(`npm install exited ${r.status ?? r.error}. Its last lines:\n${tail(`${r.stdout ?? ''}${r.stderr ?? ''}`)}\nWhat to do: check access to the npm registry, then run npm test (or npm start) again.`);
  }
  fs.writeFileSync(DEPS_STAMP, `${want}\n`);
}

/** Bundles the extension and the CLI (the training environment's installer lives in dist/cli.js). */
export function build() {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new SetupError(`scripts/build.mjs exited ${r.status}; its errors are above.`);
}

/**
 * The Python training environment (gpu-templates/requirements.txt, torch as a CPU build where
 * there is no CUDA), built by the same installer as the CLI's `env` and the extension's
 * "Create local environment". Returns its interpreter.
 */
export function ensureTrainingEnv() {
  const r = spawnSync(process.execPath, ['dist/cli.js', 'env', '--json'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new SetupError('The training environment could not be built; the installer said why above.');
  const env = JSON.parse(r.stdout);
  console.log(`  ${env.python} (torch ${env.versions.torch}, sentence-transformers ${env.versions['sentence-transformers']}${env.created ? `, built in ${env.seconds.toFixed(1)} s` : ', already built'})`);
  return env.python;
}

/** Node 24, code-server and Debian's Chromium for the real VS Code (see provision.mjs). */
export function ensureCodeServer() {
  return provision();
}

/** Everything, in order. `codeServer: false` skips the real VS Code's tools (npm test --no-e2e). */
export function setup({ codeServer = true, timings } = {}) {
  fs.mkdirSync(cacheDir(), { recursive: true });
  console.log(`cache: ${cacheDir()}`);
  stage('npm dependencies', ensureNpmDeps, timings);
  stage('build', build, timings);
  const python = stage('Python training environment', ensureTrainingEnv, timings);
  const tools = codeServer ? stage('real VS Code (Node 24, code-server, Chromium)', ensureCodeServer, timings) : undefined;
  return { python, tools };
}
