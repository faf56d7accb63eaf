import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nestedNpmEnv, provisionNode, repoRoot } from '../../../scripts/provision.mjs';

// `npm start` and `npm test` are npm scripts; they provision code-server with a nested
// `npm install` under Node 24. The outer npm exports its config (npm_config_user_agent naming
// Node 20 among it), and code-server's postinstall reads the Node version from that user agent
// and refuses. This reproduces the situation with a small package whose postinstall makes the
// same check, installed through provision.mjs's own code from inside an `npm run` script.

const PROBE_CHECK = `#!/bin/sh
# As code-server's postinstall.sh: the Node major version from npm_config_user_agent.
major=$(echo "$npm_config_user_agent" | sed -n 's/.*node\\/v\\([^.]*\\).*/\\1/p')
want=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" != "$want" ]; then
  echo "probe requires node v$want; detected v$major from npm_config_user_agent ($npm_config_user_agent)"
  exit 1
fi
echo "ok node v$major" > "$PROBE_MARKER"
`;

/** The outer npm script: the fixed install (provision.mjs) or, with --naive, the environment as inherited. */
const INSTALL_MJS = `import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { isolatedNpmInstall } from ${JSON.stringify(path.join(repoRoot, 'scripts', 'provision.mjs'))};
const [nodeDir, tgz, target, log] = process.argv.slice(2);
let ok;
if (process.argv.includes('--naive')) {
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, 'package.json'), '{"name":"naive","private":true}');
  const env = { ...process.env, PATH: path.join(nodeDir, 'bin') + path.delimiter + process.env.PATH, npm_config_dangerously_allow_all_scripts: 'true' };
  // The machine's npm, run by Node 24 (first on PATH), as provisioning did before the fix.
  const r = spawnSync('npm', ['install', '--no-save', '--no-package-lock', tgz], { cwd: target, env, encoding: 'utf8' });
  fs.writeFileSync(log, r.stdout + r.stderr);
  ok = r.status === 0;
} else {
  ok = isolatedNpmInstall({ cwd: target, spec: tgz, nodeDir, npmCache: path.join(target, '..', 'npm-cache'), logFile: log });
}
process.exit(ok ? 0 : 1);
`;

describe('provisioning from inside an npm script (as npm start runs it)', () => {
  let tmp: string;
  let nodeDir: string;
  let tgz: string;

  beforeAll(() => {
    nodeDir = provisionNode();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fte-provision-'));
    const probe = path.join(tmp, 'probe');
    fs.mkdirSync(probe);
    fs.writeFileSync(path.join(probe, 'package.json'), JSON.stringify({ name: 'fte-probe', version: '1.0.0', scripts: { postinstall: 'sh ./check.sh' } }));
    fs.writeFileSync(path.join(probe, 'check.sh'), PROBE_CHECK);
    const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', tmp], { cwd: probe, encoding: 'utf8', env: { ...process.env, npm_config_cache: path.join(tmp, 'npm-cache') } }).trim().split('\n').pop()!;
    tgz = path.join(tmp, name);
    const outer = path.join(tmp, 'outer');
    fs.mkdirSync(outer);
    fs.writeFileSync(path.join(outer, 'install.mjs'), INSTALL_MJS);
    fs.writeFileSync(path.join(outer, 'package.json'), JSON.stringify({
      name: 'outer', private: true,
      scripts: { fixed: `node install.mjs ${nodeDir} ${tgz} ${path.join(tmp, 'fixed')} ${path.join(tmp, 'fixed.log')}`, naive: `node install.mjs ${nodeDir} ${tgz} ${path.join(tmp, 'naive')} ${path.join(tmp, 'naive.log')} --naive` },
    }));
  }, 300_000);

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  function npmRun(script: string) {
    // The machine's npm (and Node): exactly what `npm start` is run with.
    return spawnSync('npm', ['run', script], { cwd: path.join(tmp, 'outer'), encoding: 'utf8', env: { ...process.env, PROBE_MARKER: path.join(tmp, `${script}.marker`) } });
  }

  it('the inherited npm environment names the outer Node and the postinstall refuses (the trap is real)', () => {
    const r = npmRun('naive');
    expect(r.status, r.stdout + r.stderr).not.toBe(0);
    expect(fs.existsSync(path.join(tmp, 'naive.log')), r.stdout + r.stderr).toBe(true);
    expect(fs.readFileSync(path.join(tmp, 'naive.log'), 'utf8')).toMatch(new RegExp(`detected v${process.versions.node.split('.')[0]} from npm_config_user_agent`));
  }, 120_000);

  it('provision.mjs installs it under Node 24 with the postinstall passing', () => {
    const r = npmRun('fixed');
    expect(r.status, fs.existsSync(path.join(tmp, 'fixed.log')) ? fs.readFileSync(path.join(tmp, 'fixed.log'), 'utf8') : r.stderr).toBe(0);
    expect(fs.readFileSync(path.join(tmp, 'fixed.marker'), 'utf8').trim()).toBe('ok node v24');
  }, 120_000);

  it('drops what npm exports and what npm run puts on PATH', () => {
    const env = nestedNpmEnv({ PATH: '/repo/node_modules/.bin:/x/node-gyp-bin:/usr/bin', npm_config_user_agent: 'npm/11 node/v20', npm_package_name: 'x', INIT_CWD: '/repo', NODE: '/usr/bin/node', HOME: '/h' }, '/n24', '/cache/npm');
    expect(env).toMatchObject({ PATH: '/n24/bin:/usr/bin', HOME: '/h', npm_config_nodedir: '/n24', npm_config_cache: '/cache/npm' });
    expect(Object.keys(env).filter((k) => /^npm_config_user_agent|^npm_package|^INIT_CWD$|^NODE$/.test(k))).toEqual([]);
  });
});
