// `npm test`: set-up first (npm dependencies, build, the Python training environment, the real
// VS Code's tools; see setup.mjs), then every suite in order: lint, types, unit + contract
// (vitest), the GPU templates' Python tests with real CPU training, and the end-to-end suite in
// a real VS Code. Nothing is skipped for a missing tool: set-up installs it or fails. Prints the
// time of each stage and one closing line "N passed, N failed" for CI.
// Pass --no-e2e to leave out the real VS Code locally.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { setup } from './setup.mjs';

const args = new Set(process.argv.slice(2));
const e2e = !args.has('--no-e2e');
const started = Date.now();
const results = [];
let passed = 0;
let failed = 0;

const { python } = setup({ codeServer: e2e, timings: results });
// Every suite that runs Python (the template tests, the Modal contract tests' stand-in image,
// the local backend of the real VS Code) uses the training environment.
const env = { ...process.env, FTE_PYTHON: python, FINETUNE_PYTHON: python };
mkdirSync('test-results', { recursive: true });

function step(name, cmd, argv, count) {
  const t0 = Date.now();
  console.log(`\n▶ ${name}: ${cmd} ${argv.join(' ')}`);
  const capture = typeof count === 'function' && count.length === 1;
  const r = spawnSync(cmd, argv, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (capture) {
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
  }
  const ok = r.status === 0;
  const counted = capture ? count(`${r.stdout ?? ''}\n${r.stderr ?? ''}`) : count?.();
  if (counted) {
    passed += counted.passed;
    failed += counted.failed;
  } else if (ok) passed += 1;
  else failed += 1;
  if (!ok && counted && counted.failed === 0) failed += 1; // a crash with no failing test still fails
  results.push(`${ok ? '✓' : '✗'} ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)${counted ? `: ${counted.passed} passed, ${counted.failed} failed${counted.skipped ? `, ${counted.skipped} skipped` : ''}` : ''}`);
  return ok;
}

function vitestCounts(file) {
  return () => {
    if (!existsSync(file)) return undefined;
    const j = JSON.parse(readFileSync(file, 'utf8'));
    // A skipped or todo test is not a pass: CI must see that something did not run.
    const skipped = (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
    return { passed: j.numPassedTests, failed: j.numFailedTests + skipped, skipped };
  };
}

/** unittest's summary: "Ran N tests" and, on failure, "FAILED (failures=F, errors=E)"; a skip counts as a failure. */
function unittestCounts(output) {
  const ran = /Ran (\d+) tests?/.exec(output);
  if (!ran) return undefined;
  const bad = ['failures', 'errors', 'unexpected successes'].reduce((n, k) => n + Number(new RegExp(`${k}=(\\d+)`).exec(output)?.[1] ?? 0), 0);
  const skipped = Number(/skipped=(\d+)/.exec(output)?.[1] ?? 0);
  return { passed: Number(ran[1]) - bad - skipped, failed: bad + skipped, skipped };
}

const bin = (name) => `node_modules/.bin/${name}`;
step('lint', bin('eslint'), ['.']);
step('typecheck', bin('tsc'), ['-p', '.', '--noEmit']);
step('unit + contract tests', bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json'], vitestCounts('test-results/unit.json'));
step('GPU template tests with real CPU training (python)', python, ['-m', 'unittest', 'discover', '-s', 'gpu-templates/tests', '-t', 'gpu-templates'], unittestCounts);
if (e2e) {
  step('package the .vsix', process.execPath, ['scripts/package.mjs']);
  step('end-to-end (real VS Code)', bin('vitest'), ['run', '-c', 'vitest.e2e.config.mts', '--reporter=default', '--reporter=json', '--outputFile=test-results/e2e.json'], vitestCounts('test-results/e2e.json'));
}

console.log(`\n${results.join('\n')}`);
console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
