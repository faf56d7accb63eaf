/**
 * The launch's side of a large local dataset: when the file is over what the stdin bundle
 * carries, it is planned (hashed) and uploaded to the volume before any GPU is asked for, and
 * the template reads it from there. Launches in one process that name the same file on the
 * same volume at the same time (a sweep's workers) share one upload; later launches, and other
 * files with the same bytes, find it on the volume and send nothing.
 */
import { statSync } from 'node:fs';
import type { DatasetFile } from '../jobBackend';
import { DATASET_MAX_BYTES } from './bundle';
import type { ModalConnection } from './modalClient';
import { LaunchInputError } from './modalErrors';
import { planUpload, type UploadPlan } from './uploadPlan';
import { formatUploadProgress, uploadToVolume } from './volumeUpload';

export interface DatasetUploadHooks {
  onProgress?(message: string, fraction?: number): void;
  /** Polled while the upload runs: true stops it (and its sandbox). */
  cancelRequested?(): boolean;
}

const plans = new Map<string, Promise<UploadPlan>>();
const uploads = new Map<string, Promise<string>>();

/** Whether this dataset goes to the volume rather than into the bundle. */
export function needsVolumeUpload(file: DatasetFile | undefined): file is DatasetFile & { path: string } {
  if (!file) return false;
  const size = file.bytes?.byteLength ?? file.size ?? 0;
  if (file.bytes && size <= DATASET_MAX_BYTES) return false;
  if (!file.path) throw new LaunchInputError(`The dataset file ${file.name} is over ${DATASET_MAX_BYTES / 1048576} MiB; pass its path so it can be uploaded to the volume.`);
  return true;
}

function planOnce(path: string): Promise<UploadPlan> {
  const st = statSync(path);
  const key = `${path}\0${st.size}\0${st.mtimeMs}`;
  let p = plans.get(key);
  if (!p) {
    p = planUpload(path);
    plans.set(key, p);
    p.catch(() => plans.delete(key));
  }
  return p;
}

/**
 * The dataset's path in the container, after making sure the volume has every byte of it. The
 * upload sandbox starts while the file is hashed (its plan follows on stdin). Launches in this
 * process naming the same file (path, size and modification time) share one upload.
 */
export async function ensureDatasetOnVolume(conn: ModalConnection, file: DatasetFile & { path: string }, hooks: DatasetUploadHooks = {}): Promise<string> {
  const st = statSync(file.path);
  const key = `${conn.serverUrl ?? ''}\0${conn.environment ?? ''}\0${conn.volumeName}\0${file.path}\0${st.size}\0${st.mtimeMs}`;
  const shared = uploads.get(key);
  if (shared) return shared;
  hooks.onProgress?.(`hashing ${file.name} (${(st.size / 1e6).toFixed(1)} MB) to see what the volume already has`);
  const abort = new AbortController();
  const poll = setInterval(() => {
    if (hooks.cancelRequested?.()) abort.abort();
  }, 250);
  const run = uploadToVolume(conn, planOnce(file.path), {
    expectedBytes: st.size,
    signal: abort.signal,
    onProgress: (p) => hooks.onProgress?.(formatUploadProgress(p), p.toSend > 0 ? p.sent / p.toSend : 1),
  }).then((r) => {
    hooks.onProgress?.(r.sentBytes === 0 ? `${file.name} is on the volume already: nothing to upload` : `uploaded ${(r.sentBytes / 1e6).toFixed(1)} MB in ${(r.elapsedMs / 1000).toFixed(1)} s`);
    return r.path;
  }).finally(() => clearInterval(poll));
  uploads.set(key, run);
  // Shared while in flight only: a later launch asks the volume again (it may have been emptied).
  run.then(() => uploads.delete(key), () => uploads.delete(key));
  return run;
}
