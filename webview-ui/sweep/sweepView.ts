import type { ChartData, HostMessageOf } from '../../src/protocol/messages';
import type { SweepStatus, SweepTrial } from '../../src/protocol/sweepModels';
import { h } from '../dom';
import type { Host } from '../vscodeApi';
import { SweepCharts } from './sweepCharts';
import { renderBest, renderImportances, SweepHeader } from './sweepHeader';
import { TrialDetail } from './trialDetail';
import { TrialsTable } from './trialsTable';

/**
 * The sweep dashboard: header, best parameters, importances, objective and per-parameter
 * charts, the sortable trials table, and one trial's detail. Each snapshot redraws (a sweep
 * has at most a few hundred trials); sort order and the open trial survive snapshots.
 */
export class SweepView {
  private status: SweepStatus | null = null;
  private trials: SweepTrial[] = [];
  private selected: number | null = null;
  private readonly header = new SweepHeader();
  private readonly cancel = h('vscode-button', { id: 'sweep-cancel', 'data-testid': 'sweep-cancel', icon: 'debug-stop', disabled: true }, 'Cancel sweep');
  private readonly best = h('section', { id: 'sweep-best-section', 'data-testid': 'sweep-best-section', 'aria-label': 'Best parameters' });
  private readonly importances = h('section', { id: 'sweep-importances', 'data-testid': 'sweep-importances', 'aria-label': 'Parameter importances' });
  private readonly charts = new SweepCharts();
  private readonly table = new TrialsTable((t) => this.open(t));
  private readonly detail = new TrialDetail(() => this.show(null));
  private readonly timer: ReturnType<typeof setInterval>;
  readonly element: HTMLElement;

  constructor(private readonly host: Host) {
    this.cancel.addEventListener('click', () => {
      if (this.status && !this.cancel.hasAttribute('disabled')) host.post({ type: 'run.action', runId: this.status.sweepId, action: 'cancel' });
    });
    this.element = h('div', { id: 'sweep', class: 'sweep' }, this.header.element,
      h('div', { class: 'actions', role: 'toolbar', 'aria-label': 'Sweep actions' }, this.cancel),
      h('div', { class: 'sweep-side' }, this.best, this.importances),
      this.charts.element, this.table.element, this.detail.element);
    // Elapsed time and cost so far move on their own while the sweep is active.
    this.timer = setInterval(() => {
      if (this.status && (this.status.state === 'running' || this.status.state === 'starting')) this.header.render(this.status);
    }, 1000);
  }

  snapshot(m: HostMessageOf<'sweep.snapshot'>): void {
    const s = m.status;
    this.status = s;
    this.trials = m.trials;
    this.header.render(s);
    this.cancel.toggleAttribute('disabled', !(s.state === 'running' || s.state === 'starting'));
    renderBest(this.best, s, (text) => this.host.post({ type: 'sweep.copy', text }));
    renderImportances(this.importances, s);
    this.charts.render(s, m.trials);
    this.table.render(m.trials, s.paramNames, s.metric, s.best?.trial ?? null);
    this.show(m.focusTrial ?? this.selected);
  }

  /** A trial with its own run record opens its run dashboard; any other shows inline. */
  open(t: SweepTrial): void {
    if (t.runId && this.status) this.host.post({ type: 'sweep.openTrial', sweepId: this.status.sweepId, trial: t.trial });
    else this.show(t.trial);
  }

  private show(trial: number | null): void {
    const t = trial === null ? null : this.trials.find((x) => x.trial === trial) ?? null;
    this.selected = t ? t.trial : null;
    this.table.select(this.selected);
    this.detail.render(t, this.status?.metric ?? '');
  }

  retheme(): void {
    this.charts.retheme();
    this.detail.retheme();
  }

  chartData(): ChartData {
    return { ...this.charts.data(), ...this.detail.data() };
  }

  dispose(): void {
    clearInterval(this.timer);
    this.charts.destroy();
    this.detail.destroy();
  }
}
