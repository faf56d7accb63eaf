/**
 * Export it: export_onnx.py in the training environment writes OUT/model.onnx with a parity
 * check against PyTorch on the run's held-out texts; the record is also kept with the run
 * (<run>/export-onnx.json), so the dashboard shows the last export and its parity.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { exportSummarySchema } from '../../protocol/tryModels';
import type { ExportSummary } from '../../protocol/tryModels';
import { PythonToolError, runPythonTool } from '../pyenv/runPythonTool';
import { writeFileAtomic } from '../runs/atomicWrite';
import type { RunStore } from '../runs/runStore';
import type { RunModel } from './runModel';

export const EXPORT_SCRIPT = 'export_onnx.py';
export const EXPORT_FORMATS = ['onnx'] as const;

const recordSchema = z.object({
  format: z.literal('onnx'),
  model: z.string(),
  out: z.string(),
  onnx_file: z.string(),
  inputs: z.array(z.string()),
  opset: z.number(),
  dimensions: z.number(),
  bytes: z.number(),
  export_seconds: z.number(),
  parity: exportSummarySchema.shape.parity,
});
export type OnnxExportRecord = z.infer<typeof recordSchema>;

export function exportRecordPath(store: RunStore, runId: string): string {
  return join(store.files(runId).dir, 'export-onnx.json');
}

export function readExportSummary(store: RunStore, runId: string): ExportSummary | null {
  try {
    const parsed = exportSummarySchema.safeParse(JSON.parse(readFileSync(exportRecordPath(store, runId), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface ExportOptions {
  python: string;
  templateDir: string;
  store: RunStore;
  model: RunModel;
  modelPath: string;
  out: string;
  onLine?(line: string): void;
  signal?: AbortSignal;
}

export async function exportOnnx(o: ExportOptions): Promise<{ record: OnnxExportRecord; summary: ExportSummary }> {
  const args = ['--job', o.model.jobPath, '--model', o.modelPath, '--out', o.out];
  if (o.model.runDir) args.push('--run-dir', o.model.runDir);
  const raw = await runPythonTool<unknown>({ python: o.python, templateDir: o.templateDir, script: EXPORT_SCRIPT, args, onLine: o.onLine, signal: o.signal });
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) throw new PythonToolError(`${EXPORT_SCRIPT} printed an unexpected result: ${parsed.error.issues[0]?.message ?? 'invalid'}`, []);
  const r = parsed.data;
  const summary: ExportSummary = { out: r.out, onnxFile: r.onnx_file, bytes: r.bytes, exportSeconds: r.export_seconds, parity: r.parity, at: new Date().toISOString() };
  writeFileAtomic(exportRecordPath(o.store, o.model.runId), `${JSON.stringify(summary, null, 2)}\n`);
  return { record: r, summary };
}

/** "mean cosine 0.99999 (min 0.99998) on 256 held-out texts": the parity figure as printed. */
export function parityLine(p: ExportSummary['parity']): string {
  return `parity with PyTorch: mean cosine ${p.mean_cosine.toFixed(7)} (min ${p.min_cosine.toFixed(7)}) on ${p.texts} held-out texts — ${p.ok ? 'ok' : `BELOW ${p.threshold}`}`;
}
