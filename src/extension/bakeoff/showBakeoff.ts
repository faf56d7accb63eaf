import { join } from 'node:path';
import * as vscode from 'vscode';
import type { Candidate } from '../../core/bakeoff/bakeoffResult';
import { bakeoffRows, bakeoffTitle } from '../../core/bakeoff/bakeoffRows';
import type { BakeoffRecord } from '../../core/bakeoff/bakeoffStore';
import { comparableRuns } from '../../core/bakeoff/comparableRuns';
import { useModelEdits } from '../../core/bakeoff/useModel';
import type { RunsController } from '../runs/runsController';

/**
 * A bake-off's table as a pick list: best first, the recommendation starred and explained, later
 * fine-tuned runs on the same test set alongside. Picking a candidate is "Use this model":
 * `onUse` (the panel's draft), else the edits to the bake-off's config file.
 */
export async function showBakeoff(record: BakeoffRecord, runs: RunsController, onUse?: (c: Candidate) => void): Promise<void> {
  const tuned = runs.store ? comparableRuns(record, runs.store) : [];
  const rows = bakeoffRows(record, tuned);
  const items = rows.map((r) => ({ label: r.label, description: r.description, detail: r.detail, candidate: r.candidate, alwaysShow: true }));
  const pick = await vscode.window.showQuickPick(items, {
    title: `${bakeoffTitle(record)} — ${record.result.reason}`,
    placeHolder: 'Pick a candidate to use it as the config\'s base model (with its prompts)', matchOnDetail: true,
  });
  if (!pick?.candidate) return;
  if (onUse) {
    onUse(pick.candidate);
    return;
  }
  const root = runs.store?.root;
  if (root) await useInConfig(vscode.Uri.file(join(root, record.config)), pick.candidate);
}

/** Writes the candidate (and its prompts) into the config as one undoable edit. */
export async function useInConfig(uri: vscode.Uri, candidate: Candidate): Promise<boolean> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const edits = useModelEdits(doc.getText(), candidate);
  if ('error' in edits) {
    void vscode.window.showErrorMessage(edits.error);
    return false;
  }
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  const ok = await vscode.workspace.applyEdit(we);
  if (ok) await vscode.window.showTextDocument(doc, { preview: false });
  return ok;
}
