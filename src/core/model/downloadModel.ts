/** A Modal run's model, from the volume into <run>/model (see runModel.ts for how it is found). */
import type { ModalConnection } from '../backends/modal/modalClient';
import type { VolumeModelListing } from '../backends/modal/volumeModel';
import type { RunModel } from './runModel';
import { DOWNLOAD_COMPLETE, downloadDir } from './runModel';
import type { RunStore } from '../runs/runStore';

export function downloadable(m: RunModel): string | undefined {
  if (m.backend !== 'modal') return `${m.runId} ran locally: its model is already on this machine.`;
  if (!m.savedPath) return `${m.runId} has no saved model yet.`;
  return undefined;
}

export async function listRunModel(conn: ModalConnection, m: RunModel): Promise<VolumeModelListing> {
  const { listVolumeModel } = await import('../backends/modal/volumeModel');
  return listVolumeModel(conn, m.savedPath!);
}

export async function downloadRunModel(conn: ModalConnection, store: RunStore, m: RunModel, onProgress: (done: number, total: number) => void, signal?: AbortSignal): Promise<string> {
  const { downloadVolumeModel } = await import('../backends/modal/volumeModel');
  const dest = downloadDir(store, m.runId);
  await downloadVolumeModel(conn, m.savedPath!, { dest, marker: DOWNLOAD_COMPLETE, onProgress, signal });
  return dest;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
