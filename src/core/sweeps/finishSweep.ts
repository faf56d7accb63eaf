import type { RunHandle } from '../backends/jobBackend';
import type { RunMeta } from '../runs/runMeta';
import { isActive } from '../runs/runMeta';
import type { RunListener } from '../runs/runSink';
import type { RunStore } from '../runs/runStore';
import { summarizeSweep } from './sweepSummary';

/** The records of a sweep's coordinator and workers. */
export function sweepChildren(store: RunStore, sweepId: string): RunMeta[] {
  return store.list().filter((m) => m.parentId === sweepId);
}

/** Every event stream of a sweep's workers, for summarizeSweep. */
export function sweepStreams(store: RunStore, sweepId: string) {
  return sweepChildren(store, sweepId).filter((m) => m.kind === 'worker').map((m) => store.readEvents(m.id));
}

/**
 * Waits for the workers, then stops the coordinator (it serves until told) and records the
 * sweep's end from its children: completed once worker 0 reported sweep_completed.
 */
export async function finishSweep(store: RunStore, sweepId: string, coordinator: { handle: RunHandle; done: Promise<RunMeta> }, workers: Array<Promise<RunMeta>>, listener?: RunListener): Promise<RunMeta> {
  await Promise.allSettled(workers);
  return settleSweep(store, sweepId, listener, async () => {
    await coordinator.handle.cancel().catch(() => undefined);
    await coordinator.done.catch(() => undefined);
  });
}

/**
 * Derives a sweep's state from its children once no worker is active: stops a coordinator
 * still serving, then completed / cancelled / failed. Also used after a reload.
 */
export async function settleSweep(store: RunStore, sweepId: string, listener?: RunListener, stopCoordinator?: () => Promise<void>): Promise<RunMeta> {
  const children = sweepChildren(store, sweepId);
  const workers = children.filter((m) => m.kind === 'worker');
  if (workers.some((w) => isActive(w.state))) return store.readMeta(sweepId)!;
  if (stopCoordinator) await stopCoordinator();
  // A trial whose worker stopped mid-trial never gets its trial_finished: it ends here.
  for (const trial of children.filter((m) => m.kind === 'trial' && isActive(m.state))) {
    store.updateMeta(trial.id, { state: 'lost', endedAt: new Date().toISOString(), message: 'Its worker stopped before the trial ended; a relaunch of the sweep runs it again.' });
  }
  const summary = summarizeSweep(workers.map((w) => store.readEvents(w.id)));
  const cancelled = workers.some((w) => w.state === 'cancelled');
  const state = summary.completed ? 'completed' : cancelled ? 'cancelled' : workers.every((w) => w.state === 'lost') ? 'lost' : 'failed';
  const failedWorker = workers.find((w) => w.state === 'failed' && w.message);
  const message = state === 'completed' ? null : state === 'cancelled' ? 'Cancelled: every worker was stopped.' : failedWorker?.message ?? 'The sweep ended without completing; see the workers\' logs.';
  store.appendLog(sweepId, `[end] ${state}${message ? `: ${message}` : ''}`);
  const meta = store.updateMeta(sweepId, { state, endedAt: new Date().toISOString(), message });
  listener?.({ kind: 'meta', runId: sweepId });
  return meta;
}
