import type { WebviewMessage } from '../src/protocol/messages';
import type { WizardDraft } from '../src/protocol/models';

/** What `acquireVsCodeApi()` returns inside a webview. */
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

/** Persisted with setState so a reload (hidden, then shown) restores the form. Never secrets. */
export interface PanelState {
  /** What the panel shows, so VS Code can restore it after a reload (see registerPanelSerializers). */
  runId?: string;
  sweepId?: string;
  draft?: WizardDraft;
  logOpen?: boolean;
  smoothing?: number;
  /** Try it's query and k, so a panel moved to another group (which reloads it) keeps them. */
  tryQuery?: string;
  tryK?: string;
}

/** The typed side of the API: only protocol messages go out. */
export class Host {
  constructor(private readonly api: VsCodeApi) {}

  post(message: WebviewMessage): void {
    this.api.postMessage(message);
  }

  state(): PanelState {
    const s = this.api.getState();
    return s && typeof s === 'object' ? (s as PanelState) : {};
  }

  patchState(change: Partial<PanelState>): void {
    this.api.setState({ ...this.state(), ...change });
  }
}
