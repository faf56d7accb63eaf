/** The dashboard's "Use it" box for one run (no `vscode`: the store and the run's summary only). */
import { readExportSummary } from '../../core/model/exportOnnx';
import { modelCode } from '../../core/model/modelCode';
import { downloadDir, runModel, whyNotLocal } from '../../core/model/runModel';
import type { RunSummary } from '../../core/events/runSummary';
import type { RunMeta } from '../../core/runs/runMeta';
import type { RunStore } from '../../core/runs/runStore';
import type { ModelStatus } from '../../protocol/tryModels';

/** Runs whose model is being downloaded in this window. */
export const downloading = new Set<string>();

export function modelStatus(store: RunStore, meta: RunMeta, s: RunSummary, volume: string): ModelStatus {
  const m = runModel(store, meta, s);
  // A Modal model's code points where "Download model" will put it.
  const path = m.localPath ?? (m.location === 'volume' ? downloadDir(store, meta.id) : null);
  return {
    runId: meta.id, location: m.location,
    path: m.location === 'volume' ? m.savedPath : m.location === 'hub' ? m.hubId : m.localPath,
    code: modelCode(m, path), tryBlocked: whyNotLocal(m, volume) ?? null, downloading: downloading.has(meta.id),
    onnx: readExportSummary(store, meta.id),
  };
}
