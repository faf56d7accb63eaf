import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { RunRow } from '../../src/cli/commands/runs';
import { RunStore } from '../../src/core/runs/runStore';
import { useWorkbench } from './harness/fixture.js';
import { chartData, panelFrame, series, waitForRunsTree } from './harness/panel.js';
import { repoRoot } from './harness/paths.js';
import { launchFromEditor } from './harness/launch.js';
import { runCommand, waitUntil } from './harness/workbench.js';

// The real VS Code launches the example on the fake Modal control plane (globalSetup gives
// code-server its URL and token). The fake's sandbox runs the real bootstrap with the e2e
// stand-in template (test/e2e/fixtures/modal/finetuneStandIn.py): a baseline, two training
// logs, then it waits for this test to release it, then the rest of a short run.

const CONFIG = 'quora-duplicates.finetune.yaml';

describe('launch on (fake) Modal from the real VS Code', () => {
  const wb = useWorkbench('launch');

  it('Launch opens the dashboard, the status bar reopens it, the run fills the Runs view, a point arrives, and it ends Completed', async () => {
    const { page } = wb;
    const store = new RunStore(wb.workspace);
    expect(store.list()).toEqual([]);
    const run = await launchFromEditor(page, store, CONFIG, (m) => m.state === 'running' && Boolean(m.ref), 'a run recorded as running with a sandbox id');
    expect(run).toMatchObject({ backend: 'modal', gpu: 'A10G', configPath: CONFIG });
    expect(run.ref).toMatch(/^sb-[A-Za-z0-9]{22}$/);

    await waitForRunsTree(page, (rows) => rows.some((r) => r.level === 1 && r.label === 'Running (1)') && rows.some((r) => r.level === 2 && r.label.startsWith('quora-duplicates · ')), 'the run under Running');

    // Launch opens the run's dashboard by itself (finetuneEmbeddings.openDashboardOnLaunch, on by default).
    const first = await panelFrame(page, 'dashboard');
    await waitUntil('the first training points', async () => (series(await chartData(first), 'chart-loss', 'loss').length >= 2 ? true : undefined), 20_000);

    // Closed, the dashboard comes back from the status-bar item that shows the run.
    await runCommand(page, 'View: Close All Editors');
    await waitUntil('the dashboard to close', async () => ((await page.locator('iframe.webview').count()) === 0 ? true : undefined), 10_000);
    const status = page.locator('.statusbar-item', { hasText: 'quora-duplicates:' }).first();
    await status.waitFor({ state: 'visible', timeout: 10_000 });
    await status.click();

    // The stand-in is held after two training logs.
    const frame = await panelFrame(page, 'dashboard');
    const before = await waitUntil('the first training points', async () => {
      const d = await chartData(frame);
      return series(d, 'chart-loss', 'loss').length >= 2 ? d : undefined;
    }, 20_000);
    const n = series(before, 'chart-loss', 'loss').length;
    expect(n).toBe(2);
    expect(series(before, 'chart-primary', 'cosine_ap')).toEqual([[0, 0.7]]);

    // Release the run and watch a point arrive in the open dashboard (pushed as a delta).
    fs.writeFileSync(path.join(inject('modalGateDir'), run.id), '');
    const grown = await waitUntil('a new point on the loss chart', async () => {
      const d = await chartData(frame);
      return series(d, 'chart-loss', 'loss').length > n ? d : undefined;
    }, 20_000, 100);
    expect(series(grown, 'chart-loss', 'loss').slice(0, n)).toEqual(series(before, 'chart-loss', 'loss'));

    const rows = await waitForRunsTree(page, (rs) => rs.some((r) => r.level === 1 && r.label === 'Completed (1)') && !rs.some((r) => r.label.startsWith('Running')), 'the run under Completed', 45_000);
    const item = rows.find((r) => r.level === 2 && r.label.startsWith('quora-duplicates · '))!;
    expect(item.icon).toBe('pass');
    expect(item.description).toMatch(/^cosine_ap 0\.7000 → 0\.8000 \(\+0\.1000(, [a-z ]+)?\) · test$/); // every number says its split

    const done = await waitUntil('the dashboard to hold the whole run', async () => {
      const d = await chartData(frame);
      return series(d, 'chart-loss', 'loss').length === 10 && series(d, 'chart-primary', 'cosine_ap').length === 3 ? d : undefined;
    }, 15_000);
    expect(series(done, 'chart-loss', 'loss').map(([x]) => x)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    await frame.locator('#summary-table tr[data-metric="eval_dev_cosine_ap"] td[data-col="final"]', { hasText: '0.8000' }).waitFor({ timeout: 10_000 });

    expect(store.readMeta(run.id)).toMatchObject({ state: 'completed', exitCode: 0 });
    const cli = JSON.parse(execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'runs', '--json'], { cwd: wb.workspace, encoding: 'utf8' })) as { runs: RunRow[] };
    expect(cli.runs).toEqual([expect.objectContaining({ id: run.id, state: 'completed', backend: 'modal', sandboxId: run.ref, baseline: 0.7, best: 0.8 })]);
  });
});
