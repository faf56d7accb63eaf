import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import type { JobSpec, JobSweep } from '../../core/job/jobSpec';
import { isActive } from '../../core/runs/runMeta';
import { sweepStreams } from '../../core/sweeps/finishSweep';
import { summarizeSweep } from '../../core/sweeps/sweepSummary';
import type { HostMessageOf, WebviewMessage } from '../../protocol/messages';
import type { RunsController } from '../runs/runsController';
import { PanelHost } from './panelHost';
import { runAction } from './runActions';
import { sweepModel, trialRunId } from './sweepModel';

const sweeps = new Map<string, SweepPanel>();

/** At most one snapshot a second while visible. */
const MIN_INTERVAL_MS = 1000;

/** Opens (or reveals) the dashboard of a sweep; `focusTrial` shows that trial's detail. */
export function showSweep(context: vscode.ExtensionContext, runs: RunsController, sweepId: string, focusTrial: number | null = null, restored?: vscode.WebviewPanel): SweepPanel {
  const existing = sweeps.get(sweepId);
  if (existing) restored?.dispose();
  const panel = existing ?? new SweepPanel(context, runs, sweepId, restored);
  sweeps.set(sweepId, panel);
  if (focusTrial !== null) panel.focus(focusTrial);
  panel.panel.reveal(undefined, false);
  return panel;
}

/**
 * The live dashboard of a sweep: a fresh (small) snapshot on every `ready`, then again at most
 * once a second while visible when the sweep or one of its workers changed (a worker's
 * onDidChange id maps to its parentId), plus a 1 s poll while active for sweeps written by
 * another process. Identical snapshots are not re-sent.
 */
export class SweepPanel extends PanelHost {
  private timer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private lastSentAt = 0;
  private lastSent = '';
  private focusTrial: number | null = null;

  constructor(context: vscode.ExtensionContext, private readonly runs: RunsController, readonly sweepId: string, restored?: vscode.WebviewPanel) {
    super(context, 'sweep', `Sweep: ${runs.store?.readMeta(sweepId)?.name ?? sweepId}`, vscode.ViewColumn.Active, restored);
    this.track(runs.onDidChange((id) => {
      if (id === undefined || id === sweepId || this.ownsRecord(id)) this.schedule();
    }));
    this.poll = setInterval(() => {
      const meta = this.runs.store?.readMeta(this.sweepId);
      if (this.live && meta && isActive(meta.state)) this.schedule();
    }, MIN_INTERVAL_MS);
  }

  /** A worker, the coordinator, or a trial's own record of this sweep. */
  private ownsRecord(id: string): boolean {
    if (id.startsWith(`${this.sweepId}-`)) return true;
    return this.runs.store?.readMeta(id)?.parentId === this.sweepId;
  }

  focus(trial: number): void {
    this.focusTrial = trial;
    if (this.live) this.send(true);
  }

  protected onReady(): void {
    this.send(true);
  }

  private schedule(): void {
    if (!this.live || this.timer) return;
    const wait = Math.max(0, this.lastSentAt + MIN_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.send(false);
    }, wait);
  }

  private send(force: boolean): void {
    const message = this.snapshot();
    if (!message || !this.live) return;
    const key = JSON.stringify({ ...message, status: { ...message.status, costSoFar: 0, computedAt: '' } });
    if (!force && key === this.lastSent) return;
    this.lastSent = key;
    this.lastSentAt = Date.now();
    this.focusTrial = null;
    this.post(message);
  }

  private snapshot(): HostMessageOf<'sweep.snapshot'> | undefined {
    const store = this.runs.store;
    const meta = store?.readMeta(this.sweepId);
    if (!store || !meta) return undefined;
    const ids = new Set(store.list().map((m) => m.id));
    const { status, trials } = sweepModel({ meta, sweep: this.jobSweep(), summary: summarizeSweep(sweepStreams(store, this.sweepId)), hasRun: (id) => ids.has(id) });
    return { type: 'sweep.snapshot', status, trials, focusTrial: this.focusTrial };
  }

  private jobSweep(): JobSweep | null {
    try {
      return (JSON.parse(readFileSync(this.runs.store!.files(this.sweepId).job, 'utf8')) as Partial<JobSpec>).sweep ?? null;
    } catch {
      return null;
    }
  }

  protected async onMessage(m: WebviewMessage): Promise<void> {
    if (m.type === 'sweep.openTrial' && m.sweepId === this.sweepId) {
      const id = trialRunId(this.sweepId, m.trial);
      if (this.runs.store?.readMeta(id)) await vscode.commands.executeCommand('finetuneEmbeddings.openRun', id);
      else this.focus(m.trial);
    } else if (m.type === 'sweep.copy') {
      await vscode.env.clipboard.writeText(m.text);
      void vscode.window.showInformationMessage('Copied the best parameters.');
    } else if (m.type === 'run.action' && m.runId === this.sweepId) {
      await runAction(this.runs, m.runId, m.action);
    }
  }

  protected override whenDisposed(): void {
    if (this.poll) clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
    this.poll = undefined;
    this.timer = undefined;
    sweeps.delete(this.sweepId);
  }
}
