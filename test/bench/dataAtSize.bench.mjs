#!/usr/bin/env node
// Data at production size (issue 23): generates 200k and 2M synthetic pairs, then prints, on
// this machine, the data doctor's and the split's (with deduplication) time, rows/s and peak memory at each size
// (best of three fresh Python processes: test/bench/data/measure.py), the 2M/200k time ratio (linear
// would be 10; it must stay under 15), and the volume upload's throughput as a ratio to a bare
// stream of the same bytes through the same client (uploadThroughput.ts; goal >= 0.8).
// Hard-negative mining is measured at its own sizes (default 20k and 200k pairs: its exact search
// scores every query against the whole corpus on the CPU), with a tiny random model so the time is
// mostly mining's own: total, encode, search and the rest (bookkeeping, which must stay linear:
// the rest's ratio must stay under 15; the search's grows with queries x corpus by nature).
// Usage: node test/bench/dataAtSize.bench.mjs [--small N] [--large N] [--mining-small N] [--mining-large N]
//        [--upload-only | --mining-only]   (needs `npm run build`)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const cache = path.join(root, 'node_modules', '.cache', 'fte-bench');
const dataDir = path.join(cache, 'data-at-size');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const sizes = [arg('--small', 200_000), arg('--large', 2_000_000)];
const miningSizes = [arg('--mining-small', 20_000), arg('--mining-large', 200_000)];
const uploadOnly = process.argv.includes('--upload-only'); // the generated files must exist
const miningOnly = process.argv.includes('--mining-only');
const MAX_RATIO = 15;
const UPLOAD_GOAL = 0.8;

const cli = path.join(root, 'dist', 'cli.js');
if (!existsSync(cli)) throw new Error('dist/cli.js is missing: run `npm run build` first.');
const python = process.env.FTE_PYTHON || spawnSync(process.execPath, [cli, 'env', '--check'], { encoding: 'utf8' }).stdout.trim();
if (!python) throw new Error('No training environment: set FTE_PYTHON or run `node dist/cli.js env`.');
mkdirSync(dataDir, { recursive: true });

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 26, ...opts });
  if (r.status !== 0) throw new Error(`${path.basename(cmd)} ${args.slice(0, 2).join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

function pairs(n) {
  const file = path.join(dataDir, `pairs-${n}.jsonl`);
  if (!existsSync(file)) {
    const t0 = performance.now();
    sh(python, [path.join(here, 'data', 'generate_pairs.py'), String(n), file]);
    console.log(`  generated ${n.toLocaleString('en-US')} pairs in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return file;
}
const measureEnv = { ...process.env, HF_HUB_OFFLINE: '1', HF_DATASETS_CACHE: path.join(dataDir, 'hf-datasets') };

const results = {};
for (const n of uploadOnly || miningOnly ? [] : sizes) {
  const file = pairs(n);
  const config = path.join(dataDir, `pairs-${n}.finetune.yaml`);
  writeFileSync(config, `task: duplicate-classification\nmodel: sentence-transformers/all-MiniLM-L6-v2\ndataset:\n  path: ${path.basename(file)}\n  test_size: 0.1\n  drop_duplicates: true\n  columns: { text1: text1, text2: text2, label: label }\ncompute: { backend: local }\n`);
  const job = path.join(dataDir, `pairs-${n}.job.json`);
  writeFileSync(job, sh(process.execPath, [cli, 'job', config, '--json']));
  results[n] = {};
  for (const step of ['doctor', 'split']) {
    // Best of three fresh processes: at 200k a step takes under a second, where one stray
    // process on this shared VM moves the 2M/200k ratio by 2 or more.
    const runs = [0, 1, 2].map(() => JSON.parse(sh(python, [path.join(here, 'data', 'measure.py'), step, job], { env: measureEnv }).trim().split('\n').at(-1)));
    const r = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    results[n][step] = r;
    console.log(`  ${step} at ${n.toLocaleString('en-US')} rows: ${r.seconds} s (${r.rows_per_s.toLocaleString('en-US')} rows/s; best of ${runs.map((x) => x.seconds).join(', ')}), peak memory ${r.peak_mb} MB`);
  }
}
let failed = false;
const [small, large] = sizes;
for (const step of uploadOnly || miningOnly ? [] : ['doctor', 'split']) {
  const ratio = results[large][step].seconds / results[small][step].seconds;
  const over = ratio >= MAX_RATIO;
  if (over) failed = true;
  console.log(`  ${step}: time at ${large.toLocaleString('en-US')} / at ${small.toLocaleString('en-US')} = ${ratio.toFixed(2)} (rows x${large / small}; must stay under ${MAX_RATIO})${over ? '  OVER' : ''}`);
}

const mining = {};
for (const n of uploadOnly ? [] : miningSizes) {
  const file = pairs(n);
  const config = path.join(dataDir, `pairs-${n}.mining.finetune.yaml`);
  writeFileSync(config, `task: information-retrieval\nmodel: sentence-transformers/all-MiniLM-L6-v2\ndataset:\n  path: ${path.basename(file)}\n  test_size: 0.1\n  columns: { anchor: text1, positive: text2 }\ntraining:\n  hard_negatives: { count: 1 }\ncompute: { backend: local }\n`);
  const job = path.join(dataDir, `pairs-${n}.mining.job.json`);
  writeFileSync(job, sh(process.execPath, [cli, 'job', config, '--json']));
  const r = JSON.parse(sh(python, [path.join(here, 'data', 'measure.py'), 'mining', job], { env: measureEnv }).trim().split('\n').at(-1));
  mining[n] = r;
  console.log(`  mining at ${n.toLocaleString('en-US')} pairs (${r.rows.toLocaleString('en-US')} training rows, ${r.corpus_size.toLocaleString('en-US')} passages): ${r.seconds} s (${r.rows_per_s.toLocaleString('en-US')} rows/s), peak memory ${r.peak_mb} MB; encode ${r.encode_s} s, search ${r.search_s} s, rest ${r.rest_s} s`);
}
if (!uploadOnly) {
  const [ms, ml] = miningSizes.map((n) => mining[n]);
  const rows = (ml.rows / ms.rows).toFixed(1);
  for (const [what, key] of [['time', 'seconds'], ['encode', 'encode_s'], ['search', 'search_s'], ['rest', 'rest_s']]) {
    const ratio = ml[key] / ms[key];
    const over = key === 'rest_s' && ratio >= MAX_RATIO;
    if (over) failed = true;
    const note = key === 'rest_s' ? `must stay under ${MAX_RATIO}` : key === 'search_s' ? 'exact search: grows with queries x corpus' : 'information';
    console.log(`  mining ${what}: at ${miningSizes[1].toLocaleString('en-US')} / at ${miningSizes[0].toLocaleString('en-US')} = ${ratio.toFixed(2)} (rows x${rows}; ${note})${over ? '  OVER' : ''}`);
  }
}
if (miningOnly) {
  process.exitCode = failed ? 1 : 0;
  process.exit();
}

const outfile = path.join(cache, 'uploadThroughput.mjs');
await build({ entryPoints: [path.join(here, 'uploadThroughput.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning' });
const { run } = await import(pathToFileURL(outfile).href);
const up = await run({ protoPath: path.join(root, 'test', 'contract', 'fakeModal', 'modal_api.proto'), file: path.join(dataDir, `pairs-${large}.jsonl`) });
const mbps = (ms) => (up.bytes / 1e6 / (ms / 1000)).toFixed(1);
console.log(`  upload of ${(up.bytes / 1e6).toFixed(0)} MB: bare stream ${(up.bareMs / 1000).toFixed(1)} s (${mbps(up.bareMs)} MB/s), upload ${(up.uploadMs / 1000).toFixed(1)} s (${mbps(up.uploadMs)} MB/s, hashing included), ratio ${up.ratio.toFixed(2)} (best of five each; goal >= ${UPLOAD_GOAL})${up.ratio < UPLOAD_GOAL ? '  BELOW GOAL' : ''}; each pass's own ratio ${Math.min(...up.pairRatios).toFixed(2)}-${Math.max(...up.pairRatios).toFixed(2)}; with the plan made beforehand ${(up.plannedMs / 1000).toFixed(1)} s (the rest of the gap is verifying and writing in the sandbox, which here shares this machine's cores); bench process peak RSS ${up.peakRssMb} MB (it hosts the fake control plane, which records every write)`);
process.exitCode = failed ? 1 : 0;
