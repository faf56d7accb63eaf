import * as vscode from 'vscode';
import { PaceBook } from '../../core/runs/pace';
import type { JobBackend, RunHandle } from '../../core/backends/jobBackend';
import type { RunSummary } from '../../core/events/runSummary';
import { attachRun } from '../../core/runs/attachRun';
import { requestCancel, requestCancelAndWait, waitWhileLaunching } from '../../core/runs/cancelMark';
import type { RunMeta } from '../../core/runs/runMeta';
import { isActive } from '../../core/runs/runMeta';
import type { RunUpdate } from '../../core/runs/runSink';
import { RunStore } from '../../core/runs/runStore';
import { settleSweep, sweepChildren } from '../../core/sweeps/finishSweep';
import { SummaryCache } from '../../core/runs/summaryCache';
import { log } from '../log';

export interface RunView {
  meta: RunMeta;
  summary: RunSummary;
}

/**
 * The extension's view of the run store: the source of truth is always the store on disk;
 * this class only holds the handles of runs this window follows and tells views to refresh.
 */
export class RunsController implements vscode.Disposable {
  readonly store: RunStore | undefined;
  readonly summaries: SummaryCache | undefined;
  private readonly handles = new Map<string, RunHandle>();
  /** Sweeps launched by this window: their end is recorded by launchSweep's own promise. */
  private readonly sweepsFollowed = new Set<string>();
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with a run id (or undefined for "everything") when the store changed. */
  readonly onDidChange = this.changed.event;
  private readonly ended = new vscode.EventEmitter<RunMeta>();
  readonly onDidEnd = this.ended.event;
  /** The pace each active run is measured at here: the status bar and the dashboard read the same. */
  readonly paces = new PaceBook();
  private pending: NodeJS.Timeout | undefined;
  private readonly dirty = new Set<string>();
  /** Runs whose failed store write was already shown: once per run, every failure still logged. */
  private readonly writeErrorShown = new Set<string>();

  constructor(root: string | undefined, readonly backendFor: (kind: 'modal' | 'local') => Promise<JobBackend>) {
    this.store = root ? new RunStore(root) : undefined;
    const store = this.store;
    this.summaries = store ? new SummaryCache((id) => store.files(id).events) : undefined;
  }

  /** Top-level runs and sweeps (a sweep's coordinator and workers are reached through it). */
  list(): RunView[] {
    return (this.store?.list() ?? []).filter((m) => !m.parentId).map((meta) => this.view(meta));
  }

  events(id: string) {
    return this.store?.readEvents(id) ?? [];
  }

  children(sweepId: string): RunView[] {
    return this.store ? sweepChildren(this.store, sweepId).map((m) => this.view(m)) : [];
  }

  get(id: string): RunView | undefined {
    const meta = this.store?.readMeta(id);
    return meta ? this.view(meta) : undefined;
  }

  private view(meta: RunMeta): RunView {
    return { meta, summary: this.summaries!.get(meta.id) };
  }

  /** Store listener: batches refreshes so a burst of events repaints views at most ~5 times a second. */
  readonly listener = (u: RunUpdate): void => {
    if (u.kind === 'writeError') this.showWriteError(u.runId, u.message);
    this.dirty.add(u.runId);
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      const ids = [...this.dirty];
      this.dirty.clear();
      for (const id of ids) this.changed.fire(id);
    }, 200);
  };

  private showWriteError(runId: string, message: string): void {
    log().error(`run ${runId}: ${message}`);
    if (this.writeErrorShown.has(runId)) return;
    this.writeErrorShown.add(runId);
    void vscode.window.showErrorMessage(`Run ${runId}: ${message} Free some space (or fix the folder's permissions); the run goes on.`);
  }

  follow(id: string, handle: RunHandle, done: Promise<RunMeta>): void {
    this.handles.set(id, handle);
    done.then((meta) => {
      this.handles.delete(id);
      this.changed.fire(id);
      this.ended.fire(meta);
    }, (err: unknown) => log().error(`run ${id}: ${String(err)}`));
  }

  followSweep(sweepId: string, handles: Map<string, RunHandle>, done: Promise<RunMeta>): void {
    this.sweepsFollowed.add(sweepId);
    for (const [id, handle] of handles) this.handles.set(id, handle);
    done.then((meta) => {
      for (const id of handles.keys()) this.handles.delete(id);
      this.sweepsFollowed.delete(sweepId);
      this.changed.fire(sweepId);
      this.ended.fire(meta);
    }, (err: unknown) => log().error(`sweep ${sweepId}: ${String(err)}`));
  }

  isFollowed(id: string): boolean {
    return this.handles.has(id);
  }

  /** On activation: re-attach runs recorded as running, or mark them lost. */
  async reattachAll(): Promise<void> {
    if (!this.store) return;
    for (const meta of this.store.list().filter((m) => isActive(m.state) && m.kind !== 'sweep' && m.kind !== 'trial' && !this.handles.has(m.id))) {
      try {
        const result = await attachRun(this.store, meta, await this.backendFor(meta.backend), this.listener);
        if (result.status === 'launching') {
          log().info(`Run ${meta.id} is still launching in another window or terminal; it shows here as it goes.`);
        } else if (result.status === 'attached') {
          log().info(`Re-attached to run ${meta.id} (${meta.ref}).`);
          this.follow(meta.id, result.handle, meta.parentId ? result.done.then((m) => this.settle(meta.parentId!).then(() => m)) : result.done);
        } else {
          log().warn(`Run ${meta.id} is lost: ${result.meta.message}`);
          if (meta.parentId) await this.settle(meta.parentId);
          this.changed.fire(meta.id);
        }
      } catch (err) {
        // e.g. no Modal credentials yet: leave the run as recorded; the next activation retries.
        log().warn(`Could not re-attach run ${meta.id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** After a reload: once a sweep's workers have all ended, stop its coordinator and record the end. */
  private async settle(sweepId: string): Promise<void> {
    if (!this.store) return;
    const coordinator = sweepChildren(this.store, sweepId).find((m) => m.kind === 'coordinator');
    const meta = await settleSweep(this.store, sweepId, this.listener, coordinator && isActive(coordinator.state) ? async () => { await this.cancel(coordinator.id); } : undefined);
    if (!isActive(meta.state)) this.ended.fire(meta);
  }

  /**
   * Stops a run (every sandbox of a sweep) and resolves with its record afterwards, so the caller
   * can say what really happened. A launch still in progress (here or elsewhere) is stopped by a
   * durable mark it reads before creating its sandbox.
   */
  async cancel(id: string): Promise<RunMeta | undefined> {
    const meta0 = this.store?.readMeta(id);
    if (meta0?.kind === 'sweep' && this.store) {
      // The mark stops a sweep still starting from starting any further sandbox; then every
      // sandbox it started is stopped (workers first, then the coordinator) and its launcher winds down.
      requestCancel(this.store, id);
      const children = sweepChildren(this.store, id).filter((m) => isActive(m.state));
      await Promise.all(children.filter((m) => m.kind === 'worker').map((m) => this.cancel(m.id)));
      await Promise.all(children.filter((m) => m.kind === 'coordinator').map((m) => this.cancel(m.id)));
      const after = await waitWhileLaunching(this.store, id);
      if (after && isActive(after.state) && !this.sweepsFollowed.has(id)) await this.settle(id);
      return this.store.readMeta(id);
    }
    if (!this.store) return undefined;
    const current = this.handles.has(id) ? this.store.readMeta(id) : await requestCancelAndWait(this.store, id);
    const handle = this.handles.get(id);
    if (handle) {
      await handle.cancel();
      return this.store.readMeta(id);
    }
    if (!current || !isActive(current.state)) return current;
    const result = await attachRun(this.store, current, await this.backendFor(current.backend), this.listener);
    if (result.status === 'launching') throw new Error('it is still launching elsewhere; cancel was requested, and its launcher stops before it creates a sandbox.');
    if (result.status === 'attached') {
      this.follow(id, result.handle, result.done);
      await result.handle.cancel();
      return result.done;
    }
    return result.meta;
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    // Closing VS Code does not cancel runs: stop following, keep them running (and recorded).
    for (const handle of this.handles.values()) handle.detach();
    if (this.pending) clearTimeout(this.pending);
    this.changed.dispose();
    this.ended.dispose();
  }
}
