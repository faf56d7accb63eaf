#!/usr/bin/env node
// Measures the Modal backend's launch overhead against the fake control plane and prints the
// median in ms. Usage: node test/bench/launchOverhead.bench.mjs [iterations=20]
// The TypeScript is bundled with esbuild into node_modules/.cache (dependencies stay external).
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const outfile = path.join(root, 'node_modules', '.cache', 'fte-bench', 'launchOverhead.mjs');
await build({
  entryPoints: [path.join(here, 'launchOverhead.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const { run } = await import(pathToFileURL(outfile).href);
await run({
  protoPath: path.join(root, 'test', 'contract', 'fakeModal', 'modal_api.proto'),
  iterations: Number(process.argv[2] ?? 20),
});
