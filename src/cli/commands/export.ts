import { resolve } from 'node:path';
import { EXPORT_FORMATS, exportOnnx, exportRecordPath, parityLine } from '../../core/model/exportOnnx';
import { formatBytes } from '../../core/model/downloadModel';
import { PythonToolError } from '../../core/pyenv/runPythonTool';
import { localPython, TEMPLATE_DIR } from '../backends';
import type { Io } from '../io';
import { findRunModel, localModelOf, progressTo } from '../runModelInput';

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
  const found = findRunModel('export', idArg, io);
  if (!found) return 2;
  const modelPath = localModelOf('export', found.model, io);
  if (!modelPath) return 1;
  try {
    const { record, summary } = await exportOnnx({ python: await localPython(), templateDir: TEMPLATE_DIR, store: found.store, model: found.model, modelPath, out: resolve(out), onLine: progressTo(io) });
    if (json) io.out(JSON.stringify({ ...record, recorded: exportRecordPath(found.store, found.model.runId) }, null, 2));
    else {
      io.out(`Wrote ${record.onnx_file} (${formatBytes(record.bytes)}, inputs ${record.inputs.join(', ')}, output sentence_embedding, ${record.dimensions} dimensions) in ${record.export_seconds.toFixed(1)} s`);
      io.out(parityLine(summary.parity));
      io.out(`Recorded with the run: ${found.store.relativeToRoot(exportRecordPath(found.store, found.model.runId))}`);
    }
    if (!record.parity.ok) io.err(`export: the ONNX model differs from PyTorch (min cosine ${record.parity.min_cosine.toFixed(6)} < ${record.parity.threshold}); do not ship it as is.`);
    return record.parity.ok ? 0 : 1;
  } catch (err) {
    if (!(err instanceof PythonToolError)) throw err;
    io.err(`export: ${err.message}`);
    return 1;
  }
}
