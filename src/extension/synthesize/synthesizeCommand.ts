import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { SYNTH_KEY_ENV } from '../../core/job/synthJob';
import { resolveJob } from '../../core/job/resolveJob';
import { PythonToolError } from '../../core/pyenv/runPythonTool';
import { parseSynthProgress, progressText } from '../../core/synthesize/progressLine';
import type { SynthCost } from '../../core/synthesize/synthCost';
import { synthesizeStep } from '../../core/synthesize/synthesizeStep';
import { VllmStartCancelledError } from '../../core/synthesize/vllmServer';
import { isConfigDocument } from '../configDocuments';
import { storedCredentials } from '../modalAuth';
import { settings } from '../settings';
import { localPython } from '../launch/localPython';
import { templateDir } from '../launch/templateDir';
import { storedLlmKey } from './llmKey';

/** Before any LLM call or GPU: the chunks, calls, tokens and cost, and a Start button. */
async function confirmCost(cost: SynthCost, onModal: boolean): Promise<boolean> {
  const go = onModal ? 'Start on Modal' : 'Start';
  const answer = await vscode.window.showInformationMessage('Generate training queries with an LLM?', { modal: true, detail: cost.text }, go);
  return answer === go;
}

/**
 * "Synthesize Training Pairs": runs dataset.synthesize of a config with progress (counts, rate,
 * ETA) and Cancel. It runs code and may spend an LLM key's credits or a Modal GPU, so it needs
 * workspace trust; an LLM run shows its cost first, and Cancel stops a modal generator's sandbox.
 */
export async function synthesizeCommand(context: vscode.ExtensionContext, uri?: vscode.Uri): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Synthesizing runs code on this machine (and may spend an LLM key), so it needs a trusted workspace.', 'Manage Workspace Trust')
      .then((a) => (a ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
    return;
  }
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!doc || !isConfigDocument(doc)) {
    void vscode.window.showWarningMessage('Open a *.finetune.yaml config with dataset.synthesize to make training pairs from its documents.');
    return;
  }
  if (doc.isDirty) await doc.save();
  const resolved = resolveJob(doc.getText(), doc.uri.fsPath, { fileExists: existsSync });
  if (!resolved.ok || !resolved.job.dataset.synthesize) {
    void vscode.window.showErrorMessage(resolved.ok ? 'This config has no dataset.synthesize section.' : 'Fix the config\'s errors first (see Problems).');
    return;
  }
  const generator = resolved.job.dataset.synthesize.generator;
  const key = generator.type === 'openai' ? await storedLlmKey(context.secrets) : undefined;
  const env = key && generator.type === 'openai' ? { ...process.env, [SYNTH_KEY_ENV]: key, [generator.api_key_env]: key } : undefined;
  const python = await localPython(context);
  const s = settings();
  const modal = generator.type === 'modal'
    ? { appName: s.modalAppName, volumeName: s.modalVolume, environment: s.modalEnvironment, credentials: await storedCredentials(context.secrets) }
    : undefined;
  const abort = new AbortController();
  try {
    const step = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Synthesizing training pairs', cancellable: true }, (progress, token) => {
      token.onCancellationRequested(() => abort.abort());
      let last = 0;
      return synthesizeStep(resolved.job, {
        python, templateDir: templateDir(context), signal: abort.signal, env, modal,
        confirm: (cost) => confirmCost(cost, modal !== undefined),
        onLine: (line) => {
          const p = parseSynthProgress(line);
          if (!p) {
            if (line.startsWith('[fte] ')) progress.report({ message: line.slice(6) }); // plan, server start, model loading
            return;
          }
          const pct = p.total ? (100 * p.done) / p.total : 0;
          progress.report({ message: progressText(p), increment: Math.max(0, pct - last) });
          last = pct;
        },
      });
    });
    if (step.status !== 'done') return;
    const r = step.result;
    const rate = r.keep_rate === null ? '—' : `${Math.round(r.keep_rate * 100)}%`;
    void vscode.window.showInformationMessage(`${r.chunks} chunks (${r.cached} cached, ${r.generated} generated): ${r.kept} queries kept, ${r.dropped} dropped (keep rate ${rate}); ${r.test_out ? `${r.test_documents} test documents` : 'your dataset.eval is the test set'}.`, 'Review Pairs')
      .then((a) => (a ? vscode.commands.executeCommand('finetuneEmbeddings.reviewSynthesized', doc.uri) : undefined));
  } catch (err) {
    if (abort.signal.aborted || err instanceof VllmStartCancelledError) {
      void vscode.window.showInformationMessage('Synthesize cancelled: what was generated is cached, and a rerun resumes from there.');
      return;
    }
    if (!(err instanceof PythonToolError) && !(err instanceof Error && err.name.startsWith('Modal'))) throw err;
    void vscode.window.showErrorMessage(`Synthesize: ${err.message}`);
  }
}
