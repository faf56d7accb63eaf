import { defineConfig } from 'vitest/config';

// End-to-end suite: a real VS Code (code-server) driven by headless Chromium.
// One code-server for the run (globalSetup); files run one after another, each in its
// own window on its own copy of examples/. `--mode screenshots` runs the README
// screenshot capture instead of the tests.
export default defineConfig(({ mode }) => ({
  test: {
    include: mode === 'screenshots' ? ['test/e2e/**/*.screenshots.ts'] : ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/harness/globalSetup.ts'],
    testTimeout: 90_000,
    hookTimeout: 120_000,
    teardownTimeout: 30_000,
    fileParallelism: false,
    maxWorkers: 1,
    pool: 'forks',
    isolate: true,
    reporters: ['default'],
  },
}));
