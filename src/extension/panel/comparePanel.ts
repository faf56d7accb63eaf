import * as vscode from 'vscode';
import { readFileSync } from 'node:fs';
import type { WebviewMessage } from '../../protocol/messages';
import type { RunsController } from '../runs/runsController';
import { compareModel } from './compareModel';
import { PanelHost } from './panelHost';
import { TryHost } from './tryHost';

/** Two or more runs side by side; refreshed (a small full snapshot) when any of them changes. */
export class ComparePanel extends PanelHost {
  private readonly tryHost: TryHost;

  constructor(context: vscode.ExtensionContext, private readonly runs: RunsController, readonly runIds: string[]) {
    super(context, 'compare', `Compare ${runIds.length} runs`, vscode.ViewColumn.Active);
    this.tryHost = new TryHost(context, runs, runIds, (m) => this.post(m));
    this.track(runs.onDidChange((id) => {
      if (this.live && (id === undefined || runIds.includes(id))) this.onReady();
    }));
  }

  protected onReady(): void {
    const store = this.runs.store;
    if (!store) return;
    const inputs = this.runIds.flatMap((id) => {
      const run = this.runs.get(id);
      if (!run) return [];
      let configText = '';
      try {
        configText = readFileSync(store.files(id).config, 'utf8');
      } catch { /* a run without a snapshot compares on metrics only */ }
      return [{ meta: run.meta, summary: run.summary, configText }];
    });
    this.post({ type: 'compare.snapshot', ...compareModel(inputs) });
    this.tryHost.replay();
  }

  protected async onMessage(m: WebviewMessage): Promise<void> {
    if (m.type === 'compare.openRun') await vscode.commands.executeCommand('finetuneEmbeddings.openRun', m.runId);
    else if (m.type === 'try.start') await this.tryHost.start();
    else if (m.type === 'try.query') await this.tryHost.query(m);
  }
}
