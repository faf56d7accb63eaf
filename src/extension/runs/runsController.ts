import * as vscode from 'vscode';
import type { JobBackend, RunHandle } from '../../core/backends/jobBackend';
import type { RunSummary } from '../../core/events/runSummary';
import { attachRun } from '../../core/runs/attachRun';
import type { RunMeta } from '../../core/runs/runMeta';
import { isActive } from '../../core/runs/runMeta';
import type { RunUpdate } from '../../core/runs/runSink';
import { RunStore } from '../../core/runs/runStore';
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
  private readonly changed = new vscode.EventEmitter<string | undefined>();
  /** Fires with a run id (or undefined for "everything") when the store changed. */
  readonly onDidChange = this.changed.event;
  private readonly ended = new vscode.EventEmitter<RunMeta>();
  readonly onDidEnd = this.ended.event;
  private pending: NodeJS.Timeout | undefined;
  private readonly dirty = new Set<string>();

  constructor(root: string | undefined, readonly backendFor: (kind: 'modal' | 'local') => Promise<JobBackend>) {
    this.store = root ? new RunStore(root) : undefined;
    const store = this.store;
    this.summaries = store ? new SummaryCache((id) => store.files(id).events) : undefined;
  }

  list(): RunView[] {
    return (this.store?.list() ?? []).map((meta) => this.view(meta));
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
    this.dirty.add(u.runId);
    this.pending ??= setTimeout(() => {
      this.pending = undefined;
      const ids = [...this.dirty];
      this.dirty.clear();
      for (const id of ids) this.changed.fire(id);
    }, 200);
  };

  follow(id: string, handle: RunHandle, done: Promise<RunMeta>): void {
    this.handles.set(id, handle);
    done.then((meta) => {
      this.handles.delete(id);
      this.changed.fire(id);
      this.ended.fire(meta);
    }, (err: unknown) => log().error(`run ${id}: ${String(err)}`));
  }

  isFollowed(id: string): boolean {
    return this.handles.has(id);
  }

  /** On activation: re-attach runs recorded as running, or mark them lost. */
  async reattachAll(): Promise<void> {
    if (!this.store) return;
    for (const meta of this.store.list().filter((m) => isActive(m.state) && !this.handles.has(m.id))) {
      try {
        const result = await attachRun(this.store, meta, await this.backendFor(meta.backend), this.listener);
        if (result.status === 'attached') {
          log().info(`Re-attached to run ${meta.id} (${meta.ref}).`);
          this.follow(meta.id, result.handle, result.done);
        } else {
          log().warn(`Run ${meta.id} is lost: ${result.meta.message}`);
          this.changed.fire(meta.id);
        }
      } catch (err) {
        // e.g. no Modal credentials yet: leave the run as recorded; the next activation retries.
        log().warn(`Could not re-attach run ${meta.id}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  async cancel(id: string): Promise<void> {
    const handle = this.handles.get(id);
    if (handle) {
      await handle.cancel();
      return;
    }
    const meta = this.store?.readMeta(id);
    if (!meta || !isActive(meta.state) || !this.store) return;
    const result = await attachRun(this.store, meta, await this.backendFor(meta.backend), this.listener);
    if (result.status === 'attached') {
      this.follow(id, result.handle, result.done);
      await result.handle.cancel();
      await result.done;
    }
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
