// Bundles the extension host code, the CLI and (when present) the webview into dist/.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
mkdirSync('dist', { recursive: true });

/** The Modal SDK is bundled on its own and loaded on first launch, so activation never pays for it. */
const lazyModal = {
  name: 'lazy-modal',
  setup(build) {
    build.onResolve({ filter: /^modal$/ }, () => ({ path: './modal.js', external: true }));
  },
};

const node = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };
const builds = [
  { ...node, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist', external: ['vscode'], plugins: [lazyModal] },
  { ...node, entryPoints: { cli: 'src/cli/index.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, plugins: [lazyModal] },
];
if (existsSync('src/core/backends/modal/sdk.ts')) {
  builds.push({ ...node, entryPoints: { modal: 'src/core/backends/modal/sdk.ts' }, outdir: 'dist' });
}
if (existsSync('webview-ui/main.ts')) {
  // The panel's static assets: codicons for <vscode-icon> (linked as #vscode-codicon-stylesheet) and its CSS.
  copyFileSync('node_modules/@vscode/codicons/dist/codicon.css', 'dist/codicon.css');
  copyFileSync('node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/codicon.ttf');
  copyFileSync('webview-ui/styles.css', 'dist/webview.css');
  builds.push({ bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: production, sourcemap: !production, logLevel: 'warning', entryPoints: { webview: 'webview-ui/main.ts' }, outdir: 'dist' });
}

// The JSON Schema package.json contributes comes from the core's zod schema, never written by hand.
await esbuild.build({ ...node, sourcemap: false, entryPoints: ['scripts/generate.ts'], outfile: 'dist/.generate.cjs' });
execFileSync(process.execPath, ['dist/.generate.cjs', 'dist'], { stdio: 'inherit' });
rmSync('dist/.generate.cjs');

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
