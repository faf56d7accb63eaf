import { isAbsolute, join } from 'node:path';
import type { CheckContext } from './context';
import { obj, report, str } from './context';

export const DATASET_FORMATS: Record<string, 'csv' | 'jsonl' | 'parquet'> = {
  '.csv': 'csv', '.jsonl': 'jsonl', '.json': 'jsonl', '.parquet': 'parquet',
};

export function datasetFormat(path: string): 'csv' | 'jsonl' | 'parquet' | undefined {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : DATASET_FORMATS[path.slice(dot).toLowerCase()];
}

/** Exactly one of hub/path; a local file that exists and has a readable format. */
export function checkDataset(ctx: CheckContext): void {
  const dataset = obj(ctx, ['dataset']);
  if (!dataset) return;
  const hub = str(ctx, ['dataset', 'hub']);
  const path = str(ctx, ['dataset', 'path']);
  if (hub === undefined && path === undefined && dataset.hub === undefined && dataset.path === undefined) {
    report(ctx, 'error', 'dataset-source-missing', ['dataset'],
      'dataset needs a source: `hub:` with a Hugging Face dataset id, or `path:` with a local csv, jsonl or parquet file.', { on: 'key' });
    return;
  }
  if (hub !== undefined && path !== undefined) {
    report(ctx, 'error', 'dataset-source-conflict', ['dataset', 'path'],
      'dataset has both `hub:` and `path:`; keep the one you mean to train on.', { on: 'key' });
    return;
  }
  if (path === undefined || path === '') return;
  if (str(ctx, ['dataset', 'subset']) !== undefined) {
    report(ctx, 'warning', 'subset-ignored', ['dataset', 'subset'], 'dataset.subset applies to Hub datasets only; it is ignored for a local file.', { on: 'key' });
  }
  if (!datasetFormat(path)) {
    report(ctx, 'error', 'dataset-format', ['dataset', 'path'],
      `Cannot read "${path}": local datasets must be .csv, .jsonl (or .json lines) or .parquet files.`);
    return;
  }
  const { configDir, fileExists } = ctx.options;
  if (!fileExists || (configDir === undefined && !isAbsolute(path))) return;
  const absolute = isAbsolute(path) ? path : join(configDir ?? '', path);
  if (!fileExists(absolute)) {
    report(ctx, 'error', 'dataset-path-not-found', ['dataset', 'path'],
      `Dataset file "${path}" does not exist (looked for ${absolute}). Paths are relative to the config file.`);
  }
}
