/** What the GPU sandbox is asked for: GPU string, timeout, volume mount and environment. */
import type { JobSpec } from '../../job/jobSpec';
import { GPUS } from '../../cost/gpus';
import { CPU_ONLY_RESOURCES } from '../jobBackend';
import { LaunchInputError } from './modalErrors';
import { InvalidRunIdError, isRunId } from '../../runs/runId';

/** Where the Modal volume is mounted in the container. Run folders live at /vol/runs/<runId>. */
export const VOLUME_MOUNT = '/vol';

export function checkRunId(runId: string): void {
  if (!isRunId(runId)) throw new LaunchInputError(new InvalidRunIdError(runId).message);
}

/** "A10G", or "H100:2" when more than one GPU is asked for. */
export function gpuString(job: JobSpec): string {
  const gpu = job.compute.gpu;
  if (!gpu) throw new LaunchInputError('compute.gpu is required for a Modal run (e.g. "A10G", "L4", "H100").');
  const count = job.compute.gpu_count;
  if (!Number.isInteger(count) || count < 1) throw new LaunchInputError(`compute.gpu_count must be a whole number >= 1, got ${count}.`);
  const max = GPUS.find((g) => g.type.toLowerCase() === gpu.toLowerCase())?.maxCount;
  if (max !== undefined && count > max) throw new LaunchInputError(`compute.gpu: Modal puts at most ${max} ${gpu} GPUs in one container, not ${count}.`);
  return count > 1 ? `${gpu}:${count}` : gpu;
}

/** timeout_minutes (or an override) in ms, rounded to whole seconds (Modal wants a multiple of 1000), at least 1 s. */
export function timeoutMs(job: JobSpec, override?: number): number {
  const minutes = override ?? job.compute.timeout_minutes;
  if (!(minutes > 0)) throw new LaunchInputError(`compute.timeout_minutes must be positive, got ${minutes}.`);
  return Math.max(1, Math.round(minutes * 60)) * 1000;
}

/**
 * The CPU and memory request (Modal's default is 0.125 cores and 128 MiB, far too little for
 * data loading and tokenization): the job's compute.cpu / compute.memory_gb, which resolveJob
 * fills in per GPU type when the config does not say.
 */
export function resources(job: JobSpec, cpuOnly: boolean): { cpu: number; memoryMiB: number } {
  if (cpuOnly) return { ...CPU_ONLY_RESOURCES };
  const { cpu, memory_gb: memoryGb } = job.compute;
  if (cpu === null || !(cpu > 0)) throw new LaunchInputError(`compute.cpu must be a positive number of cores for a Modal run, got ${cpu}.`);
  if (memoryGb === null || !(memoryGb > 0)) throw new LaunchInputError(`compute.memory_gb must be a positive number of GiB for a Modal run, got ${memoryGb}.`);
  return { cpu, memoryMiB: Math.ceil(memoryGb * 1024) };
}

export function runDir(runId: string): string {
  return `${VOLUME_MOUNT}/runs/${runId}`;
}

/**
 * Set when the dataset was uploaded to the volume: its path in the container, which the template
 * reads instead of job.dataset.path (fte/jobspec.py). Paths in the environment are the ones a
 * container's mounts resolve, whatever the bundle's job file says.
 */
export const DATASET_PATH_ENV = 'FINETUNE_DATASET_PATH';

/** Plain environment for the container (sent as Modal's ephemeral `env` secret). */
export function sandboxEnv(runId: string): Record<string, string> {
  return { FINETUNE_RUN_ID: runId, FINETUNE_RUN_DIR: runDir(runId), PYTHONUNBUFFERED: '1' };
}
