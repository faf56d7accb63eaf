/**
 * Where a run's fine-tuned model is, and what Try it / export need to use it: a local run's
 * model is where the template saved it; a Modal run's is on the volume until "Download model"
 * copies it into the run's folder (<run>/model, complete once the marker file is written).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunSummary } from '../events/runSummary';
import type { RunMeta } from '../runs/runMeta';
import type { RunStore } from '../runs/runStore';
import { shellCommand } from '../shell/shellQuote';

export const DOWNLOAD_DIR = 'model';
/** Written last by a download, so a half-copied folder is never taken for the model. */
export const DOWNLOAD_COMPLETE = '.fte-download-complete';

export type RunModelLocation = 'local' | 'downloaded' | 'volume' | 'hub' | 'none';

export interface RunModel {
  runId: string;
  name: string;
  backend: RunMeta['backend'];
  task: string | null;
  /** The model the run started from (a Hub id or a path). */
  baseModel: string | null;
  location: RunModelLocation;
  /** A folder on this machine holding the fine-tuned model, when there is one. */
  localPath: string | null;
  /** Where the template saved it: a local path, or /vol/... on the Modal volume. */
  savedPath: string | null;
  /** "owner/name" when it was pushed to the Hub. */
  hubId: string | null;
  /** The template's run folder (local runs): its Hugging Face cache holds the base model and data. */
  runDir: string | null;
  jobPath: string;
  /** BinaryClassificationEvaluator's accuracy threshold for each model (pairs decisions). */
  thresholds: { base: number | null; finetuned: number | null } | null;
}

export function downloadDir(store: RunStore, runId: string): string {
  return join(store.files(runId).dir, DOWNLOAD_DIR);
}

export function isDownloaded(store: RunStore, runId: string): boolean {
  return existsSync(join(downloadDir(store, runId), DOWNLOAD_COMPLETE));
}

function readJob(path: string): { task?: string; model?: string } {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { task?: string; model?: string };
  } catch {
    return {};
  }
}

/** The threshold key next to the primary metric ("eval_dev_cosine_ap" -> "eval_dev_cosine_accuracy_threshold"). */
export function thresholdKey(primary: string | null, metrics: Record<string, number | null>): string | undefined {
  const prefix = primary?.match(/^(eval_.+?_)cosine_/)?.[1];
  const keys = Object.keys(metrics).filter((k) => k.endsWith('cosine_accuracy_threshold'));
  return keys.find((k) => prefix !== undefined && k === `${prefix}cosine_accuracy_threshold`) ?? keys[0];
}

function thresholds(s: RunSummary): RunModel['thresholds'] {
  const done = s.completed;
  if (!done) return null;
  const key = thresholdKey(done.primary_metric, done.final_metrics);
  if (!key) return null;
  return { base: done.baseline_metrics[key] ?? null, finetuned: done.final_metrics[key] ?? null };
}

export function hubIdOf(url: string | null): string | null {
  const m = url?.match(/^https:\/\/huggingface\.co\/([^/]+\/[^/?#]+)/);
  return m ? m[1]! : null;
}

export function runModel(store: RunStore, meta: RunMeta, s: RunSummary): RunModel {
  const files = store.files(meta.id);
  const job = readJob(files.job);
  const done = s.completed;
  const saved = done?.model_path ?? null;
  const hubId = hubIdOf(done?.hub_url ?? null);
  let location: RunModelLocation = 'none';
  let localPath: string | null = null;
  if (done && meta.backend === 'local' && saved && existsSync(saved)) {
    location = 'local';
    localPath = saved;
  } else if (done && isDownloaded(store, meta.id)) {
    location = 'downloaded';
    localPath = downloadDir(store, meta.id);
  } else if (done && meta.backend === 'modal') {
    location = 'volume';
  } else if (hubId) {
    location = 'hub';
  }
  return {
    runId: meta.id, name: meta.name, backend: meta.backend, task: job.task ?? s.started?.task ?? null,
    baseModel: job.model ?? s.started?.model ?? null, location, localPath, savedPath: saved, hubId,
    runDir: location === 'local' && saved ? dirname(saved) : null, jobPath: files.job, thresholds: thresholds(s),
  };
}

/** Why this run's model cannot be tried or exported on this machine yet; undefined when it can. */
export function whyNotLocal(m: RunModel, volume: string): string | undefined {
  if (m.localPath) return undefined;
  if (m.location === 'volume') return `The model of ${m.runId} is on the Modal volume "${volume}" (${m.savedPath}). Download it first: the dashboard's "Download model", or ${shellCommand('finetune-embeddings', 'download', m.runId)}.`;
  if (m.location === 'hub' || m.savedPath) return `The model of ${m.runId} is not on this machine (${m.hubId ?? m.savedPath}).`;
  return `Run ${m.runId} has no saved model yet: try it once it has completed.`;
}
