/**
 * The sandbox's bootstrap (bundle.ts) run by a real Python: it gives up when its job files stop
 * arriving (a launcher that died must not hold a GPU until the run's timeout), and it waits for
 * an upload that is slow but still moving.
 */
import { spawn } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { BUNDLE_WAIT_S, bootstrapPy } from '../../src/core/backends/modal/bundle';
import { EXIT_NO_BUNDLE } from '../../src/core/backends/modal/exitInfo';

function bootstrap(waitS: number) {
  const child = spawn('python3', ['-c', bootstrapPy(waitS), 'main.py', 'arg1'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { child, exit, out: () => out, err: () => err };
}

function bundleOf(files: Record<string, string>): Buffer {
  const bodies = Object.entries(files).map(([p, t]) => [p, Buffer.from(t)] as const);
  const manifest = JSON.stringify({ v: 1, files: bodies.map(([p, b]) => [p, b.byteLength]) }) + '\n';
  return gzipSync(Buffer.concat([Buffer.from(manifest), ...bodies.map(([, b]) => b)]));
}

describe('the bootstrap', () => {
  test('waits a few minutes for its files, no longer', () => {
    expect(BUNDLE_WAIT_S).toBeGreaterThanOrEqual(120);
    expect(BUNDLE_WAIT_S).toBeLessThanOrEqual(600);
  });

  test('gives up and exits when no byte arrives in time (stdin left open, as by a dead launcher)', async () => {
    const started = Date.now();
    const b = bootstrap(1);
    const code = await b.exit;
    expect(code).toBe(EXIT_NO_BUNDLE);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(b.err()).toContain('the job files did not arrive');
    b.child.stdin.destroy();
  });

  test('gives up when the upload stops half way', async () => {
    const b = bootstrap(1);
    const bundle = bundleOf({ 'main.py': 'print("ran")\n' });
    b.child.stdin.write(bundle.subarray(0, 10));
    expect(await b.exit).toBe(EXIT_NO_BUNDLE);
    expect(b.out()).toBe('');
    b.child.stdin.destroy();
  });

  test('an upload slower than the wait in total, but never idle that long, runs the script', async () => {
    const b = bootstrap(1);
    const bundle = bundleOf({ 'main.py': 'import sys\nprint("ran", sys.argv[1:])\n' });
    const pieces = 4;
    const size = Math.ceil(bundle.length / pieces);
    for (let i = 0; i < pieces; i++) {
      b.child.stdin.write(bundle.subarray(i * size, (i + 1) * size));
      await new Promise((r) => setTimeout(r, 500)); // 2 s in all, 0.5 s apart
    }
    b.child.stdin.end();
    expect(await b.exit).toBe(0);
    expect(b.out().trim()).toBe("ran ['arg1']");
  });
});
