/**
 * What sending a local dataset to the Modal volume costs before any GPU starts (volumeUpload.ts):
 * one small CPU sandbox for as long as the bytes take. The rate is the user's uplink, which we
 * cannot know, so the estimate assumes a slow one (the same rate that sizes the sandbox's
 * timeout) and says so: a faster link only makes it cheaper.
 */
import { DATASET_MAX_BYTES } from '../backends/modal/bundle';
import { resourcesPricePerHour } from './gpus';

/** The upload sandbox's request: hashing and writing at disk speed wants a whole core. */
export const UPLOAD_CPU = 1;
export const UPLOAD_MEMORY_MIB = 1024;
/** A pessimistic uplink, 2 MiB/s (about 17 Mbit/s): the estimate and the sandbox's timeout use it. */
export const UPLOAD_MIN_RATE_BPS = 2 * 1024 * 1024;

export interface UploadEstimate {
  bytes: number;
  /** Minutes at UPLOAD_MIN_RATE_BPS (at most; a faster uplink takes less). */
  minutes: number;
  /** The CPU sandbox's cost for those minutes, in USD. */
  cost: number;
}

export function estimateUpload(bytes: number): UploadEstimate {
  const minutes = bytes / UPLOAD_MIN_RATE_BPS / 60;
  return { bytes, minutes, cost: resourcesPricePerHour(UPLOAD_CPU, UPLOAD_MEMORY_MIB / 1024) * (minutes / 60) };
}

/** The upload a local file of `bytes` needs before a Modal run; undefined when it travels in the job bundle. */
export function uploadEstimateFor(bytes: number | undefined): UploadEstimate | undefined {
  return bytes !== undefined && bytes > DATASET_MAX_BYTES ? estimateUpload(bytes) : undefined;
}

/** "the 362 MB dataset goes to the volume first: at most ~3 min at 2 MiB/s on a 1-CPU sandbox, $0.01". */
export function uploadEstimateText(u: UploadEstimate): string {
  const mb = u.bytes >= 1e9 ? `${(u.bytes / 1e9).toFixed(1)} GB` : `${Math.round(u.bytes / 1e6)} MB`;
  const cost = u.cost < 0.01 ? 'under $0.01' : `$${u.cost.toFixed(2)}`;
  return `the ${mb} dataset goes to the Modal volume first (once; later launches reuse it): at most ~${Math.max(1, Math.ceil(u.minutes))} min at ${UPLOAD_MIN_RATE_BPS / 1048576} MiB/s on a ${UPLOAD_CPU}-CPU sandbox, ${cost}`;
}
