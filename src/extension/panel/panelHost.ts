import * as vscode from 'vscode';
import { parseWebviewMessage } from '../../protocol/messages';
import type { ChartData, HostMessage, ViewKind, WebviewMessage } from '../../protocol/messages';
import { log } from '../log';
import { panelHtml } from './webviewHtml';

/** Set in the extension host's environment (e.g. by the e2e harness) to expose `window.__fteTest` in panels. */
export const TEST_HOOKS_ENV = 'FINETUNE_EMBEDDINGS_TEST_HOOKS';

const open = new Set<PanelHost>();

export function panelViewType(view: ViewKind): string {
  return `finetuneEmbeddings.${view}`;
}
const recent: { panel?: PanelHost } = {};

/** The most recently active panel, for test commands. */
export function activePanel(): PanelHost | undefined {
  const last = recent.panel;
  return last && open.has(last) ? last : [...open].at(-1);
}

/**
 * One webview panel: strict-CSP HTML, validated messages both ways, and the snapshot rule:
 * the context is not retained when hidden, so each `ready` (first load, or shown again) gets a
 * full snapshot from `onReady`, and `post` drops messages until then.
 */
export abstract class PanelHost implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];
  private chartWaiters: Array<(c: ChartData) => void> = [];

  /** `restored`: a panel VS Code brings back after a reload (see registerPanelSerializers). */
  constructor(protected readonly context: vscode.ExtensionContext, readonly view: ViewKind, title: string, column: vscode.ViewColumn, restored?: vscode.WebviewPanel) {
    const options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')] };
    this.panel = restored ?? vscode.window.createWebviewPanel(panelViewType(view), title, { viewColumn: column, preserveFocus: view === 'dashboard' }, { ...options, retainContextWhenHidden: false });
    if (restored) {
      restored.webview.options = options;
      restored.title = title;
    }
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'activity-bar.svg');
    this.panel.webview.html = panelHtml(this.panel.webview, context.extensionUri, view, title);
    this.register();
    this.disposables.push(
      this.panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      this.panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) this.register();
        if (!e.webviewPanel.visible) this.ready = false; // its document is gone; the next `ready` gets a snapshot
      }),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  private register(): void {
    open.add(this);
    recent.panel = this;
  }

  /** True while the webview has a rendered snapshot and is visible: deltas may flow. */
  get live(): boolean {
    return this.ready && this.panel.visible;
  }

  post(message: HostMessage): void {
    if (!this.ready) return;
    void this.panel.webview.postMessage(message);
  }

  /** Asks the webview for its charts' raw data (tests). */
  chartData(timeoutMs = 5000): Promise<ChartData> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the panel did not answer test.getChartData')), timeoutMs);
      this.chartWaiters.push((c) => { clearTimeout(timer); resolve(c); });
      void this.panel.webview.postMessage({ type: 'test.getChartData' } satisfies HostMessage);
    });
  }

  protected abstract onReady(): void;
  protected abstract onMessage(message: WebviewMessage): Promise<void> | void;

  private receive(raw: unknown): void {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      log().warn(`panel ${this.view}: ${parsed.error}`);
      return;
    }
    const m = parsed.message;
    if (m.type === 'ready') {
      this.ready = true;
      if (process.env[TEST_HOOKS_ENV] === '1') this.post({ type: 'test.enable' });
      this.onReady();
      return;
    }
    if (m.type === 'test.chartData') {
      const waiters = this.chartWaiters;
      this.chartWaiters = [];
      for (const w of waiters) w(m.charts);
      return;
    }
    if (m.type === 'webview.error') {
      log().error(`panel ${this.view}: ${m.message}`);
      return;
    }
    Promise.resolve(this.onMessage(m)).catch((err: unknown) => {
      log().error(`panel ${this.view}: ${m.type} failed: ${err instanceof Error ? err.message : String(err)}`);
      void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
    });
  }

  protected track(d: vscode.Disposable): void {
    this.disposables.push(d);
  }

  protected whenDisposed(): void {}

  dispose(): void {
    if (!open.delete(this)) return;
    this.whenDisposed();
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
