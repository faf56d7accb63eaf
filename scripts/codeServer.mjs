// Starts and stops a real VS Code (code-server) for `npm start`, the e2e suite and
// the screenshots. Everything it writes goes under one session folder in the cache
// (user data, extensions, config, XDG dirs), never the home folder.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Settings that keep the workbench quiet and deterministic. */
export const DEFAULT_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'editor.wordBasedSuggestions': 'off',
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'window.restoreWindows': 'none',
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

function cleanEnv(sessionDir) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // A VS Code terminal's variables would turn code-server into a remote CLI client.
    if (k.startsWith('VSCODE_') || k === 'ELECTRON_RUN_AS_NODE') continue;
    if (v !== undefined) env[k] = v;
  }
  const xdg = (name) => {
    const dir = path.join(sessionDir, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };
  return {
    ...env,
    XDG_CONFIG_HOME: xdg('xdg-config'),
    XDG_DATA_HOME: xdg('xdg-data'),
    XDG_CACHE_HOME: xdg('xdg-cache'),
    XDG_STATE_HOME: xdg('xdg-state'),
  };
}

function runToEnd(cmd, args, opts, logStream) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const onData = (d) => {
      out += d;
      logStream.write(d);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${path.basename(cmd)} exited ${code}:\n${out}`))));
  });
}

/**
 * @param {object} o
 * @param {ReturnType<import('./provision.mjs').toolPaths>} o.tools
 * @param {string} o.sessionDir fresh folder for this server (wiped first)
 * @param {string} o.workspace folder opened by default
 * @param {string[]} [o.vsixes] extensions installed before the server starts
 * @param {string} [o.logFile] where the server's stdout/stderr go
 * @param {Record<string, unknown>} [o.settings] extra user settings
 * @param {number} [o.port]
 * @param {(line: string) => void} [o.onOutput]
 * @param {boolean} [o.workspaceTrust] keep VS Code's workspace trust on (folders open in Restricted Mode until trusted)
 */
export async function startCodeServer(o) {
  const { tools } = o;
  fs.rmSync(o.sessionDir, { recursive: true, force: true });
  const userDataDir = path.join(o.sessionDir, 'user-data');
  const extensionsDir = path.join(o.sessionDir, 'extensions');
  const configFile = path.join(o.sessionDir, 'config.yaml');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const trust = o.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never', 'security.workspace.trust.untrustedFiles': 'open' } : {};
  const settings = JSON.stringify({ ...DEFAULT_SETTINGS, ...(o.settings ?? {}), ...trust }, null, 2);
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), settings);
  // The extension host is "remote" in code-server: settings scoped to the machine (such as
  // finetuneEmbeddings.local.pythonPath) are read from Machine/settings.json, not from User/.
  fs.mkdirSync(path.join(userDataDir, 'Machine'), { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'Machine', 'settings.json'), settings);
  const port = o.port ?? (await freePort());
  fs.writeFileSync(configFile, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  const logFile = o.logFile ?? path.join(o.sessionDir, 'code-server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile, { flags: 'w' });
  const env = cleanEnv(o.sessionDir);
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  for (const vsix of o.vsixes ?? []) {
    if (!fs.existsSync(vsix)) throw new Error(`extension package ${vsix} does not exist (run \`npm run package\`)`);
    const out = await runToEnd(tools.node, [tools.codeServerEntry, ...common, '--install-extension', vsix, '--force'], { env }, log);
    if (!/successfully installed/i.test(out)) throw new Error(`installing ${vsix} failed:\n${out}`);
  }

  const args = [
    tools.codeServerEntry,
    ...common,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    ...(o.workspaceTrust ? [] : ['--disable-workspace-trust']),
    '--disable-getting-started-override',
    o.workspace,
  ];
  // Own process group, so stop() takes the extension hosts and watchers down with it.
  const child = spawn(tools.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let exited = false;
  let output = '';
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => {
    exited = true;
    resolve({ code, signal });
  }));
  const url = await new Promise((resolve, reject) => {
    const onData = (d) => {
      const s = d.toString();
      log.write(s);
      output += s;
      o.onOutput?.(s);
      const m = /HTTP server listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1].replace(/\/$/, ''));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    void exitPromise.then(({ code, signal }) =>
      reject(new Error(`code-server exited early (${code ?? signal}); log ${logFile}:\n${output}`)),
    );
    setTimeout(() => reject(new Error(`code-server did not listen within 60 s; log ${logFile}`)), 60_000).unref();
  });

  const stop = async () => {
    if (!exited) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5_000);
      await exitPromise;
      clearTimeout(killer);
    }
    await new Promise((r) => log.end(r));
  };

  /** URL that opens a given folder in a new window of this server. */
  const folderUrl = (folder) => `${url}/?folder=${encodeURIComponent(folder)}`;

  return { url, port, pid: child.pid, child, logFile, userDataDir, extensionsDir, sessionDir: o.sessionDir, folderUrl, stop, exited: exitPromise };
}
