import type { RunEvent } from '../events/protocol';
import type { EventLog } from './eventLog';
import type { RunLifecycle, RunMeta } from './runMeta';
import type { RunStore } from './runStore';
import type { StoreWriteErrorHandler } from './storeWriteError';

const TRIAL_RUN_ID = /-trial-(\d+)$/;
const TRIAL_END: Record<string, RunLifecycle> = { complete: 'completed', collapsed: 'completed', pruned: 'cancelled', failed: 'failed' };

/**
 * A sweep worker prints its trials' own training events under the trial's run id. They go to
 * a record per trial (`<sweep>-t<n>`, beside the sweep's) with its own event log, since each
 * trial numbers its events from 1; the trial's end comes from the worker's trial_finished.
 */
export class TrialRouter {
  private readonly logs = new Map<string, EventLog>();
  private worker: RunMeta | undefined;

  constructor(private readonly store: RunStore, private readonly workerId: string, private readonly onWriteError?: StoreWriteErrorHandler) {}

  /** The event log a trial event belongs in, or undefined for the worker's own events. */
  logFor(event: RunEvent): { id: string; log: EventLog } | undefined {
    const m = TRIAL_RUN_ID.exec(event.run_id);
    const sweepId = m ? this.sweepId() : undefined;
    if (!m || !sweepId) return undefined;
    const id = `${sweepId}-t${m[1]}`;
    let log = this.logs.get(id);
    if (!log) {
      if (!this.store.readMeta(id)) {
        this.store.createFrom(this.workerId, { ...this.worker!, id, kind: 'trial', parentId: sweepId, state: 'running', ref: null, createdAt: event.ts, endedAt: null, exitCode: null, message: null, cursor: { stdoutLines: 0, stderrLines: 0 } });
      }
      log = this.store.openEventLog(id, { onWriteError: this.onWriteError });
      this.logs.set(id, log);
    }
    return { id, log };
  }

  /** Records a trial's end on its record when the worker reports it. */
  onWorkerEvent(event: RunEvent): void {
    if (event.type !== 'trial_finished') return;
    const sweepId = this.sweepId();
    const id = sweepId ? `${sweepId}-t${event.trial}` : undefined;
    if (!id || !this.store.readMeta(id)) return;
    const state = TRIAL_END[event.state] ?? 'failed';
    this.store.updateMeta(id, { state, endedAt: event.ts, message: event.state === 'complete' ? null : `Trial ${event.state}${event.reason ? `: ${event.reason}` : ''}` });
  }

  close(): void {
    for (const log of this.logs.values()) log.close();
    this.logs.clear();
  }

  private sweepId(): string | undefined {
    this.worker ??= this.store.readMeta(this.workerId);
    return this.worker?.kind === 'worker' ? this.worker.parentId : undefined;
  }
}
