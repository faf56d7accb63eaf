import { isAbsolute, join } from 'node:path';
import type { CheckContext } from './context';
import { obj, report, str } from './context';
import { valueAt } from '../structuralChecks';

export const DATASET_FORMATS: Record<string, 'csv' | 'jsonl' | 'parquet'> = {
  '.csv': 'csv', '.jsonl': 'jsonl', '.json': 'jsonl', '.parquet': 'parquet',
};

export function datasetFormat(path: string): 'csv' | 'jsonl' | 'parquet' | undefined {
  const dot = path.lastIndexOf('.');
  return dot < 0 ? undefined : DATASET_FORMATS[path.slice(dot).toLowerCase()];
}

/** Exactly one of hub/path; a local file that exists and has a readable format: for the data, the test set and the corpus. */
export function checkDataset(ctx: CheckContext): void {
  if (!obj(ctx, ['dataset'])) return;
  // dataset.synthesize writes the training data (its own checks: synthesizeChecks.ts).
  if (!obj(ctx, ['dataset', 'synthesize'])) checkSource(ctx, ['dataset'], 'dataset', 'train on');
  if (obj(ctx, ['dataset', 'eval'])) checkSource(ctx, ['dataset', 'eval'], 'dataset.eval', 'test on');
  if (obj(ctx, ['dataset', 'corpus'])) checkSource(ctx, ['dataset', 'corpus'], 'dataset.corpus', 'search');
  const also = valueAt(ctx.root, ['evaluation', 'also']);
  if (Array.isArray(also)) also.forEach((_, i) => { if (obj(ctx, ['evaluation', 'also', i])) checkSource(ctx, ['evaluation', 'also', i], `evaluation.also[${i}]`, 'score'); });
}

function checkSource(ctx: CheckContext, at: Array<string | number>, key: string, verb: string): void {
  const source = obj(ctx, at) ?? {};
  const hub = str(ctx, [...at, 'hub']);
  const path = str(ctx, [...at, 'path']);
  if (hub === undefined && path === undefined && source.hub === undefined && source.path === undefined) {
    report(ctx, 'error', 'dataset-source-missing', at,
      `${key} needs a source: \`hub:\` with a Hugging Face dataset id, or \`path:\` with a local csv, jsonl or parquet file.`, { on: 'key' });
    return;
  }
  if (hub !== undefined && path !== undefined) {
    report(ctx, 'error', 'dataset-source-conflict', [...at, 'path'],
      `${key} has both \`hub:\` and \`path:\`; keep the one you mean to ${verb}.`, { on: 'key' });
    return;
  }
  if (path === undefined || path === '') return;
  if (str(ctx, [...at, 'subset']) !== undefined) {
    report(ctx, 'warning', 'subset-ignored', [...at, 'subset'], `${key}.subset applies to Hub datasets only; it is ignored for a local file.`, { on: 'key' });
  }
  if (!datasetFormat(path)) {
    report(ctx, 'error', 'dataset-format', [...at, 'path'],
      `Cannot read "${path}": local datasets must be .csv, .jsonl (or .json lines) or .parquet files.`);
    return;
  }
  const { configDir, fileExists } = ctx.options;
  if (!fileExists || (configDir === undefined && !isAbsolute(path))) return;
  const absolute = isAbsolute(path) ? path : join(configDir ?? '', path);
  if (!fileExists(absolute)) {
    report(ctx, 'error', 'dataset-path-not-found', [...at, 'path'],
      `${key === 'dataset' ? 'Dataset' : key} file "${path}" does not exist (looked for ${absolute}). Paths are relative to the config file.`);
  }
}
