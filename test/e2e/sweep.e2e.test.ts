import { describe, expect, it } from 'vitest';
import { SWEEP_ID, TRIALS, writeRecordedSweep } from '../fixtures/sweeps/quoraSweep';
import { useWorkbench } from './harness/fixture.js';
import { chartData, openRunFromPalette, panelFrame, waitForRunsTree } from './harness/panel.js';

describe('sweep dashboard', () => {
  const wb = useWorkbench('sweep', { prepare: (ws) => { writeRecordedSweep(ws); } });

  it('a recorded sweep shows in the Runs view and opens in the sweep dashboard with all its trials', async () => {
    const { page } = wb;
    const rows = await waitForRunsTree(page, (rs) => rs.some((r) => r.level === 2 && r.label.startsWith('Sweep quora-sweep · ')), 'the sweep in the Runs view');
    expect(rows.find((r) => r.label.startsWith('Sweep quora-sweep'))!.icon).toBe('pass');

    await openRunFromPalette(page, SWEEP_ID);
    const frame = await panelFrame(page, 'sweep');
    const trials = await frame.locator('#sweep-trials-table tr[data-trial]').evaluateAll((trs) =>
      trs.map((tr) => ({ trial: Number(tr.getAttribute('data-trial')), state: tr.getAttribute('data-state') ?? '', cls: tr.className, text: tr.textContent ?? '' })),
    );
    expect(trials.map((t) => t.trial).sort((a, b) => a - b)).toEqual(TRIALS.map((t) => t.n));
    for (const t of TRIALS) {
      const row = trials.find((r) => r.trial === t.n)!;
      const state = t.end?.state ?? 'running';
      expect(`${row.state} ${row.cls} ${row.text}`, `trial ${t.n} is marked ${state}`).toContain(state);
    }

    const data = await chartData(frame);
    const objective = data['chart-sweep-objective'];
    expect(objective, `charts: ${Object.keys(data).join(', ')}`).toBeTruthy();
    // Markers by state: complete trials at their objective, pruned at their last report, collapsed
    // at their (chance-level) value; then the best-so-far line, ending at the study's best.
    const ds = (label: string) => objective!.datasets.find((d) => d.label === label)?.points;
    const ended = (state: string) => TRIALS.filter((t) => t.end?.state === state);
    expect(ds('complete')).toEqual(ended('complete').map((t) => [t.n, t.end!.value]));
    expect(ds('pruned (last report)')).toEqual(ended('pruned').map((t) => [t.n, t.reports.at(-1)]));
    expect(ds('collapsed')).toEqual(ended('collapsed').map((t) => [t.n, t.end!.value]));
    const best = objective!.datasets.find((d) => !['complete', 'pruned (last report)', 'collapsed', 'failed'].includes(d.label))!;
    const bestValue = Math.max(...ended('complete').map((t) => t.end!.value!));
    expect(best.points.at(-1)![1]).toBe(bestValue);
    expect(best.points.map(([, y]) => y)).toEqual([...best.points.map(([, y]) => y)].sort((a, b) => a! - b!));
  });
});
