import type { ChartData, HostMessageOf, RunAction } from '../../src/protocol/messages';
import type { ModelStatus } from '../../src/protocol/tryModels';
import type { RunSeriesData, RunStatus } from '../../src/protocol/models';
import { h } from '../dom';
import type { Host } from '../vscodeApi';
import { DashboardCharts } from './dashboardCharts';
import { RunHeader } from './header';
import { HeadlineView } from './headlineView';
import { actionBar, renderAlerts, renderHardNegatives, renderLog, updateActions } from './runPanels';
import { renderSetup } from './setupPanel';
import { SummaryTable } from './summaryTable';
import { TryBox } from '../tryit/tryBox';
import { UseIt } from './useIt';

/** The live run dashboard: header, alerts, charts, summary table, log tail, actions. */
export class DashboardView {
  private status: RunStatus | null = null;
  private readonly header = new RunHeader();
  private readonly headline = new HeadlineView();
  private readonly alerts = h('section', { id: 'alerts', 'aria-label': 'Warnings' });
  private readonly setup = h('section', { id: 'training-setup', 'data-testid': 'training-setup', 'aria-label': 'Training setup', hidden: true });
  private readonly mining = h('section', { id: 'hard-negatives', 'data-testid': 'hard-negatives', 'aria-label': 'Hard negatives', hidden: true });
  private readonly charts = new DashboardCharts();
  private readonly summary = new SummaryTable();
  private readonly log = h('pre', { id: 'log-tail', 'data-testid': 'log-tail', tabindex: 0 });
  private readonly actions: HTMLElement;
  private readonly tryBox: TryBox;
  private readonly useIt: UseIt;
  private readonly timer: ReturnType<typeof setInterval>;
  readonly element: HTMLElement;

  constructor(private readonly host: Host) {
    const act = (action: RunAction) => {
      if (this.status) host.post({ type: 'run.action', runId: this.status.runId, action });
    };
    this.actions = actionBar(act);
    this.tryBox = new TryBox(host, 'Try it: base vs fine-tuned', 'Search the run\'s held-out texts with the base model and the fine-tuned one, side by side. Arrows show how far a result moved.');
    this.tryBox.element.hidden = true;
    this.useIt = new UseIt(act);
    const logBox = h('vscode-collapsible', { heading: 'Log tail', id: 'log-section', open: host.state().logOpen ?? false }, this.log);
    logBox.addEventListener('vsc-collapsible-toggle', (e) => host.patchState({ logOpen: Boolean((e as CustomEvent<{ open?: boolean }>).detail?.open) }));
    // What a user came for first: the result, the primary chart and Try it, above the fold; the table (primary row, the rest collapsed) and details below.
    this.element = h('div', { id: 'dashboard', class: 'dashboard' }, this.header.element, this.headline.element, this.actions, this.alerts,
      this.charts.primary, this.tryBox.element, this.summary.element, this.useIt.element, this.charts.element, this.setup, this.mining, logBox);
    // Elapsed time and cost so far move on their own while the run is active.
    this.timer = setInterval(() => {
      if (this.status && (this.status.state === 'running' || this.status.state === 'starting')) this.header.render(this.status);
    }, 1000);
  }

  snapshot(status: RunStatus, series: RunSeriesData): void {
    this.charts.load(series, status);
    this.show(status);
  }

  delta(status: RunStatus, append: RunSeriesData): void {
    if (!this.status || status.runId !== this.status.runId || status.primaryMetric !== this.status.primaryMetric) return;
    this.charts.append(append, status);
    this.show(status);
  }

  private show(s: RunStatus): void {
    const prev = this.status;
    this.status = s;
    this.header.render(s);
    this.headline.render(s);
    updateActions(this.actions, s);
    if (!prev || prev.warnings.length !== s.warnings.length || prev.error !== s.error) renderAlerts(this.alerts, s);
    this.summary.render(s);
    renderSetup(this.setup, s);
    renderHardNegatives(this.mining, s);
    renderLog(this.log, s);
    this.tryBox.element.hidden = s.completed === null;
  }

  modelStatus(m: ModelStatus): void {
    if (this.status && m.runId !== this.status.runId) return;
    this.useIt.render(m);
    this.tryBox.setBlocked(m.tryBlocked);
  }

  tryStatus(m: HostMessageOf<'try.status'>): void {
    this.tryBox.status(m);
  }

  tryResult(m: HostMessageOf<'try.result'>): void {
    this.tryBox.result(m);
  }

  retheme(): void {
    this.charts.retheme();
  }

  chartData(): ChartData {
    return this.charts.data();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.charts.destroy();
  }
}
