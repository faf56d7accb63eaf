import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunRow } from '../../src/cli/commands/runs';
import { useWorkbench } from './harness/fixture.js';
import { waitForRunsTree } from './harness/panel.js';
import type { TreeRow } from './harness/panel.js';
import { repoRoot } from './harness/paths.js';
import { writeThreeRuns } from './fixtures/runStore.js';

/** The Runs view's groups (src/extension/runs/runsTree.ts) and the codicon of each state. */
const GROUP_OF: Record<string, string> = { starting: 'Running', running: 'Running', completed: 'Completed', failed: 'Failed', timed_out: 'Failed', lost: 'Failed', cancelled: 'Cancelled' };
const ICON_OF: Record<string, string> = { completed: 'pass', failed: 'error', cancelled: 'circle-slash' };

function cliRuns(workspace: string): RunRow[] {
  const out = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'runs', '--json'], { cwd: workspace, encoding: 'utf8' });
  return (JSON.parse(out) as { runs: RunRow[] }).runs;
}

/** Level-1 rows are the state groups ("Completed (1)"), level-2 rows their runs. */
function groups(rows: TreeRow[]): Map<string, TreeRow[]> {
  const out = new Map<string, TreeRow[]>();
  let current: TreeRow[] | undefined;
  for (const r of rows) {
    if (r.level === 1) out.set(r.label, (current = []));
    else if (r.level === 2) current?.push(r);
  }
  return out;
}

describe('run explorer', () => {
  const wb = useWorkbench('runs-explorer', { prepare: writeThreeRuns });

  it('shows the same runs as `finetune-embeddings runs --json`, grouped by state', async () => {
    const cli = cliRuns(wb.workspace).filter((r) => r.parentId === null);
    expect(cli.map((r) => r.state).sort()).toEqual(['cancelled', 'completed', 'failed']);
    const rows = await waitForRunsTree(wb.page, (rs) => rs.filter((r) => r.level === 2).length === cli.length, `${cli.length} runs in the Runs view`);
    const byGroup = groups(rows);

    const expectedCounts = new Map<string, number>();
    for (const r of cli) expectedCounts.set(GROUP_OF[r.state]!, (expectedCounts.get(GROUP_OF[r.state]!) ?? 0) + 1);
    expect([...byGroup.keys()].sort()).toEqual([...expectedCounts].map(([g, n]) => `${g} (${n})`).sort());

    for (const r of cli) {
      const group = [...byGroup].find(([label]) => label.startsWith(`${GROUP_OF[r.state]} (`))![1];
      const name = path.basename(r.config).replace(/\.finetune\.ya?ml$/, '');
      const item = group.find((t) => t.label.startsWith(`${name} · `));
      expect(item, `run ${r.id} (${r.state}) in its group: ${JSON.stringify(group)}`).toBeTruthy();
      expect(item!.icon, `${r.id} icon`).toBe(ICON_OF[r.state]);
      // The description carries the CLI's primary metric: baseline -> best, or the baseline alone.
      if (r.baseline !== null && r.best !== null) {
        const delta = r.best - r.baseline;
        // Every number says its split: validation for runs recorded without a test report.
        const head = `cosine_ap ${r.baseline.toFixed(4)} → ${r.best.toFixed(4)} (${delta >= 0 ? '+' : ''}${delta.toFixed(4)})`;
        const escaped = head.slice(0, -1).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        expect(item!.description).toMatch(new RegExp(`^${escaped}(, [a-z ]+)?\\) · (test|validation)$`)); // a test report adds its verdict
      } else if (r.baseline !== null) {
        expect(item!.description).toBe(`cosine_ap baseline ${r.baseline.toFixed(4)} · validation`);
      } else {
        expect(item!.description.length, `${r.id} has a description`).toBeGreaterThan(0);
      }
    }
  });
});
