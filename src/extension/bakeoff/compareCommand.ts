import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import * as vscode from 'vscode';
import type { BakeoffOutput, Candidate } from '../../core/bakeoff/bakeoffResult';
import { bakeoffCandidates } from '../../core/bakeoff/candidates';
import { bakeoffCost } from '../../core/bakeoff/bakeoffCost';
import { BakeoffStore, type BakeoffRecord } from '../../core/bakeoff/bakeoffStore';
import { rankBakeoff } from '../../core/bakeoff/rankBakeoff';
import { runLocalBakeoff } from '../../core/bakeoff/runLocalBakeoff';
import { BakeoffCancelledError, runModalBakeoff } from '../../core/bakeoff/runModalBakeoff';
import { BASE_MODELS } from '../../core/catalog/models';
import type { JobSpec } from '../../core/job/jobSpec';
import { resolveJob } from '../../core/job/resolveJob';
import { PythonToolError } from '../../core/pyenv/runPythonTool';
import { readDataset } from '../../core/runs/launchRun';
import { newRunId } from '../../core/runs/runId';
import { readRequirements, readTemplateFiles } from '../../core/runs/templateFiles';
import { localPython } from '../launch/localPython';
import { whenTrusted } from '../trust';
import { localReady } from '../launch/launchCommand';
import { templateDir } from '../launch/templateDir';
import { log } from '../log';
import type { RunsController } from '../runs/runsController';

/** A config to compare on: an editor's file, or the panel's draft (its text and where it would be written). */
export interface CompareSource {
  text: string;
  path: string;
  /** Set for a file: "Use this model" edits it. */
  uri?: vscode.Uri;
}

/**
 * "Compare on My Data": candidate base models scored zero-shot on the config's own test split
 * (gpu-templates/bakeoff.py), locally with progress and Cancel, or on Modal (one GPU sandbox per
 * candidate) after the cost is confirmed. Runs code, so it needs a trusted workspace. Returns the
 * saved record (the run explorer lists it), or undefined when stopped.
 */
export async function compareModels(context: vscode.ExtensionContext, runs: RunsController, source: CompareSource): Promise<BakeoffRecord | undefined> {
  if (!whenTrusted('Comparing base models')) return undefined;
  const root = runs.store?.root;
  if (!root) {
    void vscode.window.showErrorMessage('Open a folder first: bake-offs are kept in its .finetune/bakeoffs.');
    return undefined;
  }
  const resolved = resolveJob(source.text, source.path, { fileExists: existsSync });
  if (!resolved.ok) {
    void vscode.window.showErrorMessage(`The config has errors; fix them before comparing models: ${resolved.diagnostics.find((d) => d.severity === 'error')?.message ?? ''}`);
    return undefined;
  }
  const job = resolved.job;
  const candidates = await pickCandidates(job);
  if (!candidates) return undefined;
  const modal = job.compute.backend === 'modal';
  if (modal) {
    if (!job.compute.gpu) {
      void vscode.window.showErrorMessage('compute.gpu is required to compare on Modal (e.g. gpu: L4): the bake-off runs one sandbox of it per candidate.');
      return undefined;
    }
    const go = await vscode.window.showInformationMessage(`Compare ${candidates.length} models on Modal?`, { modal: true, detail: bakeoffCost(job, candidates.length).text }, 'Compare on Modal');
    if (go !== 'Compare on Modal') return undefined;
  } else if (!(await localReady(context))) {
    return undefined;
  }
  let output: BakeoffOutput;
  try {
    output = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Comparing ${candidates.length} models on your test split${modal ? ' (Modal)' : ''}`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      token.onCancellationRequested(() => abort.abort());
      const step = 100 / candidates.length;
      const onRow = (row: { model: string }) => progress.report({ increment: step, message: `${row.model} scored` });
      if (!modal) {
        return runLocalBakeoff({ python: await localPython(context), templateDir: templateDir(context), job, candidates, signal: abort.signal, onRow, onProgress: (m) => progress.report({ message: m }) });
      }
      const dir = templateDir(context);
      return runModalBakeoff({
        backend: await runs.backendFor('modal'), id: newRunId(`bakeoff-${job.name}`), job, candidates, signal: abort.signal,
        templateFiles: readTemplateFiles(dir), requirementsTxt: readRequirements(dir), datasetFile: job.dataset.path ? readDataset(job.dataset.path) : undefined,
        onRow, onProgress: (c, m) => progress.report({ message: `${c.model}: ${m}` }), onSandbox: (c, ref) => log().appendLine(`bake-off: ${c.model} in sandbox ${ref}`),
      });
    });
  } catch (err) {
    if (err instanceof BakeoffCancelledError) {
      void vscode.window.showInformationMessage(err.message);
      return undefined;
    }
    if (err instanceof PythonToolError && err.message.includes('exited with code')) {
      log().appendLine(err.tail.join('\n'));
    }
    void vscode.window.showErrorMessage(`The comparison could not run: ${(err as Error).message}`);
    return undefined;
  }
  const record = new BakeoffStore(root).save(relative(root, source.path), job, rankBakeoff(output));
  runs.refresh();
  return record;
}

/** The candidates to score: the config's model and the catalog's, the config's and the small ones ticked. */
async function pickCandidates(job: JobSpec): Promise<Candidate[] | undefined> {
  const all = bakeoffCandidates(job.model, undefined);
  const items = all.map((c) => {
    const spec = BASE_MODELS.find((m) => m.id === c.model);
    return {
      label: c.model, candidate: c,
      description: c.model === job.model ? 'the config\'s model' : spec ? `${spec.params} params · ${spec.dimensions} dims` : '',
      detail: spec?.note, picked: c.model === job.model || (spec !== undefined && Number.parseFloat(spec.params) <= 35),
    };
  });
  const picked = await vscode.window.showQuickPick(items, { canPickMany: true, title: 'Compare on my data: which base models?', placeHolder: 'Each is scored zero-shot on your test split; pick two or more' });
  if (!picked?.length) return undefined;
  return picked.map((p) => p.candidate);
}
