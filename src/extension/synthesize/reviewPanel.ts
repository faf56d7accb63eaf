import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { resolveJob } from '../../core/job/resolveJob';
import { dropRows, reviewSample } from '../../core/synthesize/review';
import type { WebviewMessage } from '../../protocol/messages';
import { PanelHost } from '../panel/panelHost';

/**
 * "Review Synthesized Pairs": queries beside their chunks with the filter's verdict; dropping bad
 * ones rewrites the training file (dataset.synthesize.out) and nothing else.
 */
export class ReviewPanel extends PanelHost {
  private message: string | null = null;

  constructor(context: vscode.ExtensionContext, private readonly configPath: string, private readonly out: string, private readonly hasEval: boolean) {
    super(context, 'review', 'Review synthesized pairs', vscode.ViewColumn.Active);
  }

  protected onReady(): void {
    this.post({ type: 'review.snapshot', sample: reviewSample(this.out), config: vscode.workspace.asRelativePath(this.configPath), recommendEval: !this.hasEval, message: this.message });
  }

  protected onMessage(m: WebviewMessage): void {
    if (m.type !== 'review.drop') return;
    const n = dropRows(this.out, m.picks);
    this.message = `Dropped ${n} ${n === 1 ? 'query' : 'queries'} from ${vscode.workspace.asRelativePath(this.out)}.`;
    this.onReady();
  }
}

/** Opens the review for a config with dataset.synthesize (the active editor's, or `uri`). */
export async function reviewSynthesizedCommand(context: vscode.ExtensionContext, uri?: vscode.Uri): Promise<void> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  const resolved = doc ? resolveJob(doc.getText(), doc.uri.fsPath, { fileExists: existsSync }) : undefined;
  const s = resolved?.ok ? resolved.job.dataset.synthesize : null;
  if (!doc || !s) {
    void vscode.window.showWarningMessage('Open a *.finetune.yaml config with dataset.synthesize to review its synthesized pairs.');
    return;
  }
  if (!existsSync(s.out)) {
    void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(s.out)} is not there yet: run Synthesize Training Pairs first.`);
    return;
  }
  new ReviewPanel(context, doc.uri.fsPath, s.out, s.has_eval);
}
