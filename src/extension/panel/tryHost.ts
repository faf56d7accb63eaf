import * as vscode from 'vscode';
import { runModel, whyNotLocal } from '../../core/model/runModel';
import { answeredIn, checkTryRequest } from '../../core/model/tryModel';
import type { TryRequest } from '../../core/model/tryModel';
import { TryServer } from '../../core/model/tryServer';
import { TrySessions } from '../../core/model/trySessions';
import type { HostMessage, HostMessageOf } from '../../protocol/messages';
import type { TryInfo, TryRunResult } from '../../protocol/tryModels';
import { templateDir } from '../launch/backends';
import type { RunsController } from '../runs/runsController';
import { settings } from '../settings';
import { localPython } from '../launch/localPython';
import { RestrictedModeError } from '../trust';

let shared: TrySessions | undefined;

/** The window's warm sessions (one per run model), stopped with the extension. */
export function trySessions(context: vscode.ExtensionContext): TrySessions {
  if (!shared) {
    const sessions = new TrySessions();
    shared = sessions;
    context.subscriptions.push({ dispose: () => { sessions.dispose(); if (shared === sessions) shared = undefined; } });
  }
  return shared;
}

const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Try it for one panel: the dashboard (one run) or the compare view (several). Starts or reuses
 * each run's warm session, forwards its loading progress, and keeps the last status and result
 * so a panel shown again gets them back.
 */
export class TryHost {
  private status: HostMessageOf<'try.status'> = { type: 'try.status', state: 'idle', message: null, info: null };
  private result: HostMessageOf<'try.result'> | undefined;
  private python: Promise<string> | undefined;
  private keys: string[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly runs: RunsController, private readonly runIds: readonly string[], private readonly post: (m: HostMessage) => void) {}

  /** The last status and answer, after a snapshot. */
  replay(): void {
    this.post(this.status);
    if (this.result) this.post(this.result);
  }

  private setStatus(state: HostMessageOf<'try.status'>['state'], message: string | null, info: TryInfo | null = this.status.info): void {
    this.status = { type: 'try.status', state, message, info };
    this.post(this.status);
  }

  /** Each run's server, or why it has none. */
  private async servers(): Promise<Array<{ runId: string; name: string; server?: TryServer; error?: string }>> {
    const store = this.runs.store;
    if (!store) return [];
    this.python ??= localPython(this.context);
    const python = await this.python;
    const sessions = trySessions(this.context);
    this.keys = [];
    return this.runIds.map((runId) => {
      const run = this.runs.get(runId);
      if (!run) return { runId, name: runId, error: `No run ${runId} in this workspace.` };
      const model = runModel(store, run.meta, run.summary);
      const why = whyNotLocal(model, settings().modalVolume);
      if (why) return { runId, name: run.meta.name, error: why };
      const key = `${runId}\n${model.localPath}`;
      this.keys.push(key);
      const { server } = sessions.get(key, () => new TryServer({
        python, templateDir: templateDir(this.context), model, modelPath: model.localPath!,
        onProgress: (line) => { if (this.status.state === 'loading' || this.status.state === 'idle') this.setStatus('loading', `${this.runIds.length > 1 ? `${run.meta.name}: ` : ''}${line}`); },
      }));
      return { runId, name: run.meta.name, server };
    });
  }

  /** Loads the models (the query box got focus); resolves once every session is ready or failed. */
  async start(): Promise<void> {
    if (this.status.state === 'loading' || this.status.state === 'ready' || this.status.state === 'busy') return;
    const started = Date.now();
    if (!vscode.workspace.isTrusted) {
      this.setStatus('error', new RestrictedModeError('Try it').message, null);
      return;
    }
    this.setStatus('loading', 'Starting Python…');
    const all = await this.servers();
    const ready = await Promise.allSettled(all.map((s) => (s.server ? s.server.ready : Promise.reject(new Error(s.error)))));
    const first = ready.find((r): r is PromiseFulfilledResult<TryInfo> => r.status === 'fulfilled');
    const failed = ready.flatMap((r, i) => (r.status === 'rejected' ? [`${all[i]!.name}: ${msg(r.reason)}`] : []));
    if (!first) {
      this.setStatus('error', failed.join('\n') || 'Nothing to try.', null);
      return;
    }
    const info = first.value;
    const note = `Models loaded in ${((Date.now() - started) / 1000).toFixed(1)} s. Each query searches ${info.corpus_size.toLocaleString('en-US')} texts (the test queries against every document)${info.corpus_total > info.corpus_size ? ` (of ${info.corpus_total.toLocaleString('en-US')})` : ''}.`;
    this.setStatus('ready', failed.length ? `${note}\n${failed.join('\n')}` : note, info);
  }

  async query(r: TryRequest): Promise<void> {
    // Wall time of this query as the user waits for it (loading, queueing and searching), not the server's own figure.
    const asked = Date.now();
    const bad = checkTryRequest(r);
    if (bad) {
      this.setStatus(this.status.state === 'busy' ? 'ready' : this.status.state, bad);
      return;
    }
    // A session stopped while idle (or ended) starts again, with its loading progress shown.
    if (this.status.state === 'ready' && !this.keys.every((k) => trySessions(this.context).has(k))) this.status = { ...this.status, state: 'idle' };
    if (this.status.state !== 'ready') await this.start();
    if (this.status.state === 'error') return;
    this.setStatus('busy', `Searching for ${JSON.stringify(r.query.length > 60 ? `${r.query.slice(0, 59)}…` : r.query)}…`);
    const all = await this.servers();
    const answers: TryRunResult[] = await Promise.all(all.map(async (s): Promise<TryRunResult> => {
      if (!s.server) return { runId: s.runId, name: s.name, result: null, error: s.error ?? 'unavailable' };
      try {
        return { runId: s.runId, name: s.name, result: await s.server.query(r), error: null };
      } catch (err) {
        return { runId: s.runId, name: s.name, result: null, error: msg(err) };
      }
    }));
    this.result = { type: 'try.result', query: r.query, text2: r.text2 ?? null, runs: answers };
    this.post(this.result);
    this.setStatus('ready', answers.every((a) => a.error) ? 'The query failed; see the message above.' : answeredIn(Date.now() - asked, answers));
  }
}

