import { parseHostMessage, VIEW_KINDS } from '../src/protocol/messages';
import type { ChartData, HostMessage, ViewKind } from '../src/protocol/messages';
import { watchTheme } from './charts/theme';
import { CompareView } from './compare/compareView';
import { DashboardView } from './dashboard/dashboardView';
import { clear } from './dom';
import { ReviewView } from './review/reviewView';
import { SweepView } from './sweep/sweepView';
import { Host } from './vscodeApi';
import type { VsCodeApi } from './vscodeApi';
import { WizardView } from './wizard/wizardView';

type View = WizardView | DashboardView | CompareView | SweepView | ReviewView;

/** Installed on `window` only after the host sent `test.enable`: e2e tests call it from inside the webview frame. */
export interface FteTestHooks {
  chartData(): ChartData;
  view(): ViewKind | null;
}

declare global {
  interface Window {
    __fteTest?: FteTestHooks;
  }
}

/**
 * The panel app: validates every host message, routes it to the wizard, dashboard, compare or
 * sweep view, answers the test probe, re-themes charts, and announces itself with `ready` (after
 * every load, so a panel shown again gets a full snapshot).
 */
export class App {
  readonly host: Host;
  private view: View | null = null;
  private kind: ViewKind | null = null;
  private readonly stopTheme: () => void;
  private readonly onMessage = (e: MessageEvent) => this.handle(e.data);

  constructor(api: VsCodeApi, private readonly root: HTMLElement, opts: { debounceMs?: number } = {}) {
    this.host = new Host(api);
    this.debounceMs = opts.debounceMs ?? 150;
    window.addEventListener('message', this.onMessage);
    this.stopTheme = watchTheme(() => this.view?.retheme());
    const declared = document.body.dataset['view'];
    this.host.post({ type: 'ready', view: VIEW_KINDS.find((k) => k === declared) ?? null });
  }

  private readonly debounceMs: number;

  /** Validates and applies one message from the host. Returns false when it was rejected. */
  handle(raw: unknown): boolean {
    const parsed = parseHostMessage(raw);
    if (!parsed.ok) {
      this.host.post({ type: 'webview.error', message: parsed.error });
      return false;
    }
    try {
      this.apply(parsed.message);
    } catch (err) {
      this.host.post({ type: 'webview.error', message: `${parsed.message.type}: ${err instanceof Error ? err.stack ?? err.message : String(err)}` });
    }
    return true;
  }

  private apply(m: HostMessage): void {
    switch (m.type) {
      case 'wizard.snapshot': this.as('wizard', WizardView).snapshot(m); return this.ready();
      case 'wizard.preview': return this.wizard()?.showPreview(m);
      case 'wizard.dataset': return this.wizard()?.datasetChosen(m.preview);
      case 'wizard.folder': return this.wizard()?.folderChosen(m.folder);
      case 'wizard.useModel': return this.wizard()?.modelChosen(m.model);
      case 'wizard.result': return this.wizard()?.showResult(m);
      case 'wizard.dataCheck': return this.wizard()?.showDataCheck(m.check);
      case 'run.snapshot':
        this.host.patchState({ runId: m.status.runId });
        this.as('dashboard', DashboardView).snapshot(m.status, m.series);
        return this.ready();
      case 'run.delta': return this.kind === 'dashboard' ? (this.view as DashboardView).delta(m.status, m.append) : undefined;
      case 'compare.snapshot': this.as('compare', CompareView).snapshot(m); return this.ready();
      case 'sweep.snapshot':
        this.host.patchState({ sweepId: m.status.sweepId });
        this.as('sweep', SweepView).snapshot(m);
        return this.ready();
      case 'review.snapshot': this.as('review', ReviewView).snapshot(m); return this.ready();
      case 'model.status': return this.kind === 'dashboard' ? (this.view as DashboardView).modelStatus(m.status) : undefined;
      case 'try.status': return this.kind === 'dashboard' || this.kind === 'compare' ? (this.view as DashboardView | CompareView).tryStatus(m) : undefined;
      case 'try.result': return this.kind === 'dashboard' || this.kind === 'compare' ? (this.view as DashboardView | CompareView).tryResult(m) : undefined;
      case 'test.getChartData': return this.host.post({ type: 'test.chartData', charts: this.chartData() });
      case 'test.enable':
        window.__fteTest = { chartData: () => this.chartData(), view: () => this.kind };
        document.body.dataset['fteTest'] = '1';
        return;
    }
  }

  chartData(): ChartData {
    return this.view && 'chartData' in this.view ? this.view.chartData() : {};
  }

  private ready(): void {
    document.body.dataset['fteReady'] = '1';
  }

  private wizard(): WizardView | undefined {
    return this.kind === 'wizard' ? (this.view as WizardView) : undefined;
  }

  private as<T extends View>(kind: ViewKind, ctor: new (host: Host, debounceMs?: number) => T): T {
    if (this.kind !== kind || !this.view) {
      this.view?.dispose();
      clear(this.root);
      this.view = new ctor(this.host, this.debounceMs);
      this.kind = kind;
      this.root.append(this.view.element);
    }
    return this.view as T;
  }

  dispose(): void {
    window.removeEventListener('message', this.onMessage);
    this.stopTheme();
    this.view?.dispose();
  }
}
