import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { RunMeta } from '../../src/core/runs/runMeta';
import { RunStore } from '../../src/core/runs/runStore';
import { useWorkbench } from './harness/fixture.js';
import { chartData, openRunFromPalette, panelFrame, series, waitForRunsTree } from './harness/panel.js';
import { launchFromEditor } from './harness/launch.js';
import { waitUntil } from './harness/workbench.js';

// A control-plane outage in the middle of a run, seen from the real VS Code: the run explorer
// and the dashboard say "reconnecting" (the run is not failed), contact comes back by itself,
// and the run ends completed with every event exactly once.

const CONFIG = 'quora-duplicates.finetune.yaml';
const OUTAGE_MS = 20_000;

describe('a Modal outage mid-run in the real VS Code', () => {
  const wb = useWorkbench('reconnect');

  it('shows reconnecting while the control plane is down, then completes with no event lost or repeated', async () => {
    const { page } = wb;
    const store = new RunStore(wb.workspace);
    const trained = (m: RunMeta) => m.state === 'running' && fs.existsSync(store.files(m.id).events) && fs.readFileSync(store.files(m.id).events, 'utf8').includes('"train_log"');
    const run = await launchFromEditor(page, store, CONFIG, trained, 'a run with its first training logs');
    await openRunFromPalette(page, run.id);
    const frame = await panelFrame(page, 'dashboard');

    fs.writeFileSync(path.join(inject('modalControlDir'), `outage-${OUTAGE_MS}`), '');
    const rows = await waitForRunsTree(page, (rs) => rs.some((r) => r.level === 2 && r.description.includes('reconnecting to Modal')), 'the run marked reconnecting', 15_000);
    expect(rows.some((r) => r.level === 1 && r.label === 'Running (1)')).toBe(true); // not failed
    const state = frame.locator('#run-state');
    await state.and(frame.locator('[data-reconnecting]')).waitFor({ timeout: 10_000 });
    expect(await state.innerText()).toMatch(/running · reconnecting to Modal/i);
    expect(store.readMeta(run.id)).toMatchObject({ state: 'running', connection: 'reconnecting' });

    // Contact comes back by itself after the outage; then let the stand-in finish.
    await waitUntil('contact back', async () => (store.readMeta(run.id)?.connection ? undefined : true), OUTAGE_MS + 45_000, 500);
    await frame.locator('#run-state:not([data-reconnecting])').waitFor({ timeout: 10_000 });
    fs.writeFileSync(path.join(inject('modalGateDir'), run.id), '');
    await waitForRunsTree(page, (rs) => rs.some((r) => r.level === 1 && r.label === 'Completed (1)'), 'the run under Completed', 60_000);

    const events = fs.readFileSync(store.files(run.id).events, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; type: string });
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const done = await waitUntil('the dashboard to hold the whole run', async () => {
      const d = await chartData(frame);
      return series(d, 'chart-loss', 'loss').length === 10 ? d : undefined;
    }, 15_000);
    expect(series(done, 'chart-loss', 'loss').map(([x]) => x)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(store.readMeta(run.id)).toMatchObject({ state: 'completed', exitCode: 0 });
  }, 150_000);
});
