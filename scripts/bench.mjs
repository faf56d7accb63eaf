// `npm run bench`: runs every benchmark under test/bench and prints the median time of each.
//   - test/bench/*.bench.ts export `benchmarks: { name, run(), runs?, targetMs?, check?() }[]`;
//     each file is bundled with esbuild and its benchmarks run in this process: warm-up, then
//     `runs` timed iterations (default 50), median printed in ms.
//   - test/bench/*.bench.mjs are standalone scripts, run as child processes with their own output.
// Usage: node scripts/bench.mjs [FILTER...] [--json] [--strict]
//   FILTER: only files or benchmark names containing it; --json: one JSON object on stdout;
//   --strict: exit 1 when a median misses its target.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'test', 'bench');
const cacheDir = path.join(root, 'node_modules', '.cache', 'fte-bench');
const args = process.argv.slice(2);
const json = args.includes('--json');
const strict = args.includes('--strict');
const filters = args.filter((a) => !a.startsWith('--'));
const wanted = (...names) => filters.length === 0 || filters.some((f) => names.some((n) => n.includes(f)));
const log = json ? () => {} : (line) => console.log(line);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function measure(b) {
  b.check?.();
  // Warm-up: at least 10 iterations and 300 ms, so the JIT has settled.
  const warmStart = performance.now();
  for (let i = 0; i < 10 || performance.now() - warmStart < 300; i++) await b.run();
  const times = [];
  for (let i = 0; i < (b.runs ?? 50); i++) {
    const t0 = performance.now();
    await b.run();
    times.push(performance.now() - t0);
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), runs: times.length };
}

const files = readdirSync(benchDir).sort();
const results = [];
let failed = false;
mkdirSync(cacheDir, { recursive: true });

for (const file of files.filter((f) => f.endsWith('.bench.ts'))) {
  const outfile = path.join(cacheDir, file.replace(/\.ts$/, '.mjs'));
  await build({
    entryPoints: [path.join(benchDir, file)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20',
    logLevel: 'warning', external: ['vscode'],
    // Bundled code that still uses require() for node built-ins needs one in ESM.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const mod = await import(pathToFileURL(outfile).href);
  const benchmarks = (mod.benchmarks ?? []).filter((b) => wanted(file, b.name));
  if (benchmarks.length) log(`${file}`);
  for (const b of benchmarks) {
    try {
      const r = await measure(b);
      const miss = b.targetMs !== undefined && r.median > b.targetMs;
      if (miss && strict) failed = true;
      results.push({ file, name: b.name, median_ms: r.median, min_ms: r.min, max_ms: r.max, runs: r.runs, target_ms: b.targetMs ?? null, over_target: miss });
      log(`  ${b.name}: ${r.median.toFixed(3)} ms median (${r.runs} runs, min ${r.min.toFixed(3)}, max ${r.max.toFixed(3)})${b.targetMs !== undefined ? `  target < ${b.targetMs} ms${miss ? '  OVER TARGET' : ''}` : ''}`);
    } catch (err) {
      failed = true;
      results.push({ file, name: b.name, error: String(err?.message ?? err) });
      log(`  ${b.name}: FAILED ${err?.message ?? err}`);
    }
  }
}

for (const file of files.filter((f) => f.endsWith('.bench.mjs') && wanted(f))) {
  log(`${file}`);
  const r = spawnSync(process.execPath, [path.join(benchDir, file)], { cwd: root, encoding: 'utf8', stdio: json ? 'pipe' : 'inherit' });
  if (r.status !== 0) failed = true;
  results.push({ file, name: file, exit_code: r.status, ...(json ? { output: r.stdout } : {}) });
}

if (json) console.log(JSON.stringify({ results }, null, 2));
process.exitCode = failed ? 1 : 0;
