import { resolve } from 'node:path';
import { EXPORT_FORMATS, exportOnnx, exportRecordPath, parityLine } from '../../core/model/exportOnnx';
import { formatBytes } from '../../core/model/downloadModel';
import { TEMPLATE_DIR } from '../backends';
import type { Io } from '../io';
import { progressTo, withLocalModel } from '../runModelInput';

/** `export RUN --format onnx --out DIR [--json]`: ONNX model + parity vs PyTorch, recorded with the run. */
export async function exportCommand(idArg: string | undefined, format: string | undefined, out: string | undefined, json: boolean, io: Io): Promise<number> {
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) {
    io.err(`export: --format must be one of ${EXPORT_FORMATS.join(', ')}${format ? `, got "${format}"` : ''}, e.g. finetune-embeddings export RUN --format onnx --out model-onnx`);
    return 2;
  }
  if (!out) {
    io.err('export: --out DIR is required: the folder for model.onnx and the tokenizer.');
    return 2;
  }
  return withLocalModel('export', idArg, io, async ({ store, model, modelPath, python }) => {
    const { record, summary } = await exportOnnx({ python, templateDir: TEMPLATE_DIR, store, model, modelPath, out: resolve(out), onLine: progressTo(io) });
    const recorded = exportRecordPath(store, model.runId);
    if (json) io.out(JSON.stringify({ ...record, recorded }, null, 2));
    else {
      io.out(`Wrote ${record.onnx_file} (${formatBytes(record.bytes)}, inputs ${record.inputs.join(', ')}, output sentence_embedding, ${record.dimensions} dimensions) in ${record.export_seconds.toFixed(1)} s`);
      io.out(parityLine(summary.parity));
      io.out(`Recorded with the run: ${store.relativeToRoot(recorded)}`);
    }
    if (!record.parity.ok) io.err(`export: the ONNX model differs from PyTorch (min cosine ${record.parity.min_cosine.toFixed(7)} < ${record.parity.threshold}); do not ship it as is.`);
    return record.parity.ok ? 0 : 1;
  });
}
