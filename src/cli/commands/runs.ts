import { summarize } from '../../core/events/reducer';
import { isReconnecting } from '../../core/runs/runMeta';
import { testReport } from '../../core/runs/testReport';
import { RunStore } from '../../core/runs/runStore';
import type { Io } from '../io';

export interface RunRow {
  id: string;
  kind: string;
  parentId: string | null;
  config: string;
  state: string;
  /** 'reconnecting' while a follower has lost contact with the (still active) run, else null. */
  connection: string | null;
  backend: string;
  sandboxId: string | null;
  started: string;
  primaryMetric: string;
  baseline: number | null;
  best: number | null;
  /** Which split baseline and best are from. */
  split: 'test' | 'validation';
}

export function runRows(store: RunStore): RunRow[] {
  return store.list().map((m) => {
    const s = summarize(store.readEvents(m.id));
    return {
      id: m.id, kind: m.kind ?? 'run', parentId: m.parentId ?? null, config: m.configPath, state: m.state, connection: isReconnecting(m) ? 'reconnecting' : null, backend: m.backend, sandboxId: m.ref, started: m.createdAt,
      // "best" as the run explorer shows it (runHeadline): the final model's value once completed.
      // Completed: both numbers from the test set; running: both from validation (never mixed).
      primaryMetric: s.primaryMetric ?? m.primaryMetric, baseline: testReport(s)?.baseline ?? s.baseline?.primaryValue ?? null, best: s.completed?.primary_value ?? s.best?.value ?? null,
      split: s.completed ? 'test' : 'validation',
    };
  });
}

/** `runs [--json]`: the run store of the current folder. */
export function runsCommand(json: boolean, io: Io): number {
  const store = new RunStore(process.cwd());
  const rows = runRows(store);
  for (const r of store.refused) io.err(`runs: ignored .finetune/runs/${r.folder}: ${r.reason}.`);
  if (json) {
    io.out(JSON.stringify({ runs: rows }, null, 2));
    return 0;
  }
  if (rows.length === 0) {
    io.out('No runs in .finetune/runs. Start one with: finetune-embeddings launch FILE');
    return 0;
  }
  const fmt = (v: number | null) => (v === null ? '—' : v.toFixed(4));
  for (const r of rows) {
    io.out(`${r.parentId ? '  └ ' : ''}${r.id}  ${r.kind === 'run' ? '' : `${r.kind} `}${(r.connection ? `${r.state} (${r.connection})` : r.state).padEnd(9)}  ${r.backend.padEnd(5)}  ${r.primaryMetric}: ${fmt(r.baseline)} -> ${fmt(r.best)} (${r.split})  ${r.sandboxId ?? ''}`);
  }
  return 0;
}
