// `npm test`: every suite in order — lint, types, build, unit + contract (vitest), the GPU
// templates' Python tests, then the end-to-end suite in a real VS Code. Prints one closing
// line "N passed, N failed" for CI. Pass --no-e2e to skip the real VS Code locally.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const results = [];
let passed = 0;
let failed = 0;
mkdirSync('test-results', { recursive: true });

function step(name, cmd, argv, count) {
  const started = Date.now();
  console.log(`\n▶ ${name}: ${cmd} ${argv.join(' ')}`);
  const capture = typeof count === 'function' && count.length === 1;
  const r = spawnSync(cmd, argv, { stdio: capture ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
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
  results.push(`${ok ? '✓' : '✗'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)${counted ? `: ${counted.passed} passed, ${counted.failed} failed` : ''}`);
  return ok;
}

function vitestCounts(file) {
  return () => {
    if (!existsSync(file)) return undefined;
    const j = JSON.parse(readFileSync(file, 'utf8'));
    return { passed: j.numPassedTests, failed: j.numFailedTests };
  };
}

/** unittest's summary: "Ran N tests" and, on failure, "FAILED (failures=F, errors=E)". */
function unittestCounts(output) {
  const ran = /Ran (\d+) tests?/.exec(output);
  if (!ran) return undefined;
  const bad = ['failures', 'errors'].reduce((n, k) => n + Number(new RegExp(`${k}=(\\d+)`).exec(output)?.[1] ?? 0), 0);
  const skipped = Number(/skipped=(\d+)/.exec(output)?.[1] ?? 0);
  return { passed: Number(ran[1]) - bad - skipped, failed: bad };
}

const npx = 'npx';
step('lint', npx, ['eslint', '.']);
step('typecheck', npx, ['tsc', '-p', '.', '--noEmit']);
step('build', process.execPath, ['scripts/build.mjs']);
step('unit + contract tests', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile=test-results/unit.json'], vitestCounts('test-results/unit.json'));
if (existsSync('gpu-templates/tests')) {
  step('GPU template tests (python)', 'python3', ['-m', 'unittest', 'discover', '-s', 'gpu-templates/tests', '-t', 'gpu-templates'], unittestCounts);
  // The sweep tests need Optuna, which Debian installs for its own interpreter (see .ci/run).
  if (existsSync('/usr/bin/python3') && spawnSync('/usr/bin/python3', ['-c', 'import optuna']).status === 0) {
    step('sweep tests with Optuna (python)', '/usr/bin/python3', ['-m', 'unittest', 'discover', '-s', 'gpu-templates/tests', '-t', 'gpu-templates', '-p', 'test_sweep*.py'], unittestCounts);
  } else {
    console.log('\n▶ sweep tests with Optuna: skipped here (no optuna for /usr/bin/python3; .ci/run installs python3-optuna)');
  }
}
if (!args.has('--no-e2e') && existsSync('vitest.e2e.config.mts')) {
  step('end-to-end (real VS Code)', 'npm', ['run', '--silent', 'test:e2e', '--', '--reporter=default', '--reporter=json', '--outputFile=test-results/e2e.json'], vitestCounts('test-results/e2e.json'));
}

console.log(`\n${results.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
