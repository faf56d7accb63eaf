/** What the GPU sandbox is asked for: GPU string, timeout, volume mount and environment. */
import type { JobSpec } from '../../job/jobSpec';
import { LaunchInputError } from './modalErrors';

/** Where the Modal volume is mounted in the container. Run folders live at /vol/runs/<runId>. */
export const VOLUME_MOUNT = '/vol';

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function checkRunId(runId: string): void {
  if (!RUN_ID.test(runId)) throw new LaunchInputError(`Run id "${runId}" may only hold letters, digits, ".", "_" and "-".`);
}

/** "A10G", or "H100:2" when more than one GPU is asked for. */
export function gpuString(job: JobSpec): string {
  const gpu = job.compute.gpu;
  if (!gpu) throw new LaunchInputError('compute.gpu is required for a Modal run (e.g. "A10G", "L4", "H100").');
  const count = job.compute.gpu_count;
  if (!Number.isInteger(count) || count < 1) throw new LaunchInputError(`compute.gpu_count must be a whole number >= 1, got ${count}.`);
  return count > 1 ? `${gpu}:${count}` : gpu;
}

/** timeout_minutes in ms, rounded to whole seconds (Modal wants a multiple of 1000), at least 1 s. */
export function timeoutMs(job: JobSpec): number {
  const minutes = job.compute.timeout_minutes;
  if (!(minutes > 0)) throw new LaunchInputError(`compute.timeout_minutes must be positive, got ${minutes}.`);
  return Math.max(1, Math.round(minutes * 60)) * 1000;
}

export function runDir(runId: string): string {
  return `${VOLUME_MOUNT}/runs/${runId}`;
}

/** Plain environment for the container (sent as Modal's ephemeral `env` secret). */
export function sandboxEnv(runId: string): Record<string, string> {
  return { FINETUNE_RUN_ID: runId, FINETUNE_RUN_DIR: runDir(runId), PYTHONUNBUFFERED: '1' };
}
