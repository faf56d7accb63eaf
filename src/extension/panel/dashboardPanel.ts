import * as vscode from 'vscode';
import { isActive, type RunMeta } from '../../core/runs/runMeta';
import { IncrementalSummary } from '../../core/runs/summaryCache';
import type { WebviewMessage } from '../../protocol/messages';
import type { RunsController } from '../runs/runsController';
import { DashboardFeed } from './dashboardModel';
import { readLogTail } from './logTail';
import { PanelHost } from './panelHost';
import { modelStatus } from './modelStatus';
import { runAction } from './runActions';
import { TryHost } from './tryHost';
import { settings } from '../settings';

const dashboards = new Map<string, DashboardPanel>();

/** Opens (or reveals) the dashboard of a run, beside the active editor. */
export function showDashboard(context: vscode.ExtensionContext, runs: RunsController, runId: string, restored?: vscode.WebviewPanel): DashboardPanel {
  const existing = dashboards.get(runId);
  if (existing) {
    existing.panel.reveal(undefined, true);
    restored?.dispose();
    return existing;
  }
  const panel = new DashboardPanel(context, runs, runId, restored);
  dashboards.set(runId, panel);
  return panel;
}

/**
 * The live dashboard of one run. It keeps its own IncrementalSummary (its own file offset), so
 * other views refreshing the shared cache never swallow its new events; the feed sends only the
 * points appended since the last message. Updates come from RunsController.onDidChange (~200 ms
 * batches), plus a 1 s poll of the event log while the run is active, for runs written by
 * another process (the CLI, another window).
 */
export class DashboardPanel extends PanelHost {
  private readonly tracker: IncrementalSummary;
  private readonly feed = new DashboardFeed();
  private poll: NodeJS.Timeout | undefined;
  private readonly tryHost: TryHost;
  private lastModel = '';

  constructor(context: vscode.ExtensionContext, private readonly runs: RunsController, readonly runId: string, restored?: vscode.WebviewPanel) {
    super(context, 'dashboard', `Run: ${runs.store?.readMeta(runId)?.name ?? runId}`, vscode.ViewColumn.Beside, restored);
    this.tracker = new IncrementalSummary(runs.store!.files(runId).events);
    this.tryHost = new TryHost(context, runs, [runId], (m) => this.post(m));
    this.track(runs.onDidChange((id) => {
      if (id === undefined || id === runId) this.update();
    }));
    this.poll = setInterval(() => {
      if (!this.live) return;
      const meta = this.runs.store?.readMeta(this.runId);
      if (meta && isActive(meta.state)) this.update();
    }, 1000);
  }

  protected onReady(): void {
    this.tracker.refresh();
    const meta = this.runs.store?.readMeta(this.runId);
    if (!meta) return;
    const snap = this.feed.snapshot(meta, this.tracker.summary, this.logTail(), this.eta(meta));
    this.post({ type: 'run.snapshot', ...snap });
    this.lastModel = '';
    this.postModel();
    this.tryHost.replay();
  }

  /** The "Use it" box, when where the model is (or its export) changed. */
  private postModel(): void {
    const meta = this.runs.store?.readMeta(this.runId);
    if (!meta || !this.tracker.summary.completed) return;
    const status = modelStatus(this.runs.store!, meta, this.tracker.summary, settings().modalVolume);
    const key = JSON.stringify(status);
    if (key === this.lastModel) return;
    this.lastModel = key;
    this.post({ type: 'model.status', status });
  }

  /** Sends the new points, or a snapshot when the series shrank; nothing while hidden (it gets a snapshot when shown). */
  update(): void {
    if (!this.live) return;
    const meta = this.runs.store?.readMeta(this.runId);
    if (!meta) return;
    this.tracker.refresh();
    const delta = this.feed.delta(meta, this.tracker.summary, this.logTail(), this.eta(meta));
    if (delta) {
      this.post({ type: 'run.delta', ...delta });
      this.postModel();
    } else this.onReady();
  }

  /** Time left at the pace measured here, the same the status bar shows. */
  private eta(meta: RunMeta): number | null {
    if (!isActive(meta.state)) return null;
    const now = Date.now();
    const { step, totalSteps } = this.tracker.summary.progress;
    this.runs.paces.observe(this.runId, now, step);
    return this.runs.paces.secondsLeft(this.runId, totalSteps, now);
  }

  private logTail(): string[] {
    return readLogTail(this.runs.store!.files(this.runId).log, 200);
  }

  protected async onMessage(m: WebviewMessage): Promise<void> {
    if (m.type === 'run.action') await runAction(this.runs, m.runId, m.action);
    else if (m.type === 'try.start') await this.tryHost.start();
    else if (m.type === 'try.query') await this.tryHost.query(m);
  }

  protected override whenDisposed(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
    dashboards.delete(this.runId);
  }
}
