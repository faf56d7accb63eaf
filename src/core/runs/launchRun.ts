import { readFileSync, statSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { LaunchCancelledError, LaunchLeftRunningError, type DatasetFile, type JobBackend, type RunHandle } from '../backends/jobBackend';
import { cancelRequested, startLaunchBeat } from './cancelMark';
import type { Diagnostic } from '../config/diagnostic';
import { containerPricePerHour, parseGpu } from '../cost/gpus';
import type { JobSpec } from '../job/jobSpec';
import { resolveJob } from '../job/resolveJob';
import { finishRun } from './finishRun';
import type { RunMeta } from './runMeta';
import { isActive } from './runMeta';
import { newRunId } from './runId';
import type { RunListener } from './runSink';
import { RunSink } from './runSink';
import type { RunStore } from './runStore';
import { readRequirements, readTemplateFiles } from './templateFiles';

/** Up to this size a local dataset is read into memory and travels with the job; larger ones are uploaded from disk. */
export const MAX_LOCAL_DATASET_BYTES = 50 * 1024 * 1024;

export class LaunchBlockedError extends Error {
  constructor(message: string, readonly diagnostics: Diagnostic[] = []) {
    super(message);
  }
}

export interface LaunchOptions {
  store: RunStore;
  configPath: string;
  configText: string;
  backend: JobBackend;
  templateDir: string;
  listener?: RunListener;
  fileExists: (path: string) => boolean;
  /** Overrides compute.backend from the config (CLI --backend). */
  backendOverride?: 'modal' | 'local';
}

export interface LaunchedRun {
  meta: RunMeta;
  handle: RunHandle;
  /**
   * Resolves with the final metadata once the run has ended and its output is stored. Following
   * (and recording the end) starts when this is first read; detach instead to leave the run.
   */
  readonly done: Promise<RunMeta>;
}

/** Per hour on Modal: the GPUs plus the CPU and memory the container requests. */
export function priceOf(job: JobSpec): number {
  if (job.compute.backend === 'local' || !job.compute.gpu) return 0;
  const gpu = parseGpu(job.compute.gpu);
  if (!gpu.ok) return 0;
  const { cpu, memory_gb: memoryGb } = job.compute;
  return containerPricePerHour(gpu.value.gpu, job.compute.gpu_count, cpu !== null && memoryGb !== null ? { cpu, memoryGb } : undefined);
}

/** The job a launch runs: the config validated (errors block the launch) and resolved. */
export function launchableJob(o: Pick<LaunchOptions, 'configText' | 'configPath' | 'fileExists' | 'backendOverride'>): JobSpec {
  const resolved = resolveJob(o.configText, o.configPath, { fileExists: o.fileExists });
  if (!resolved.ok) {
    const errors = resolved.diagnostics.filter((d) => d.severity === 'error');
    throw new LaunchBlockedError(`${basename(o.configPath)} has ${errors.length} error(s); fix them before launching.`, errors);
  }
  return { ...resolved.job, compute: { ...resolved.job.compute, backend: o.backendOverride ?? resolved.job.compute.backend } };
}

/** Validates, records the run, starts it on the backend and follows it into the store. */
export async function launchRun(o: LaunchOptions): Promise<LaunchedRun> {
  const job = launchableJob(o);
  const datasetFile = job.dataset.path ? readDataset(job.dataset.path) : undefined;
  const id = newRunId(job.name);
  const meta: RunMeta = {
    version: 1, id, name: job.name, configPath: relative(o.store.root, o.configPath), backend: o.backend.kind, state: 'starting',
    createdAt: new Date().toISOString(), endedAt: null, ref: null, gpu: o.backend.kind === 'local' ? null : job.compute.gpu,
    gpuCount: job.compute.gpu_count, pricePerHour: o.backend.kind === 'local' ? 0 : priceOf(job), timeoutMinutes: job.compute.timeout_minutes,
    primaryMetric: job.evaluator.primary_metric, exitCode: null, message: null, cursor: { stdoutLines: 0, stderrLines: 0 },
  };
  o.store.create(meta, o.configText, job);
  o.listener?.({ kind: 'meta', runId: id });
  const sink = new RunSink(o.store, id, o.listener);
  let handle: RunHandle;
  const beat = startLaunchBeat(o.store, id);
  try {
    handle = await o.backend.launch({
      runId: id, job, datasetFile,
      templateFiles: readTemplateFiles(o.templateDir),
      requirementsTxt: readRequirements(o.templateDir),
      cancelRequested: () => cancelRequested(o.store, id),
    }, sink);
  } catch (err) {
    sink.close();
    recordLaunchFailure(o.store, id, err);
    o.listener?.({ kind: 'meta', runId: id });
    throw err;
  } finally {
    beat.stop();
  }
  const started = o.store.updateMeta(id, { ref: handle.ref }); // usually recorded already (onRef)
  o.listener?.({ kind: 'meta', runId: id });
  // Started on first read: a caller that detaches without reading it (CLI --detach) must not
  // keep waiting on the backend (for Modal, an open SandboxWait keeps the process alive), nor
  // record an end it no longer follows; the run is re-attached later instead.
  let done: Promise<RunMeta> | undefined;
  return {
    meta: started,
    handle,
    get done() {
      return (done ??= finishRun(o.store, id, handle, sink, o.listener, o.backend));
    },
  };
}

/**
 * A launch that threw: the run failed, unless it already ended (cancelled from elsewhere while it
 * launched) or its sandbox may still run, when the record stays active so cancel can stop it.
 */
export function recordLaunchFailure(store: RunStore, id: string, err: unknown): void {
  const message = err instanceof Error ? err.message : String(err);
  store.appendLog(id, `[launch failed] ${message}`);
  const meta = store.readMeta(id);
  if (meta && !isActive(meta.state)) return;
  if (err instanceof LaunchCancelledError) {
    store.updateMeta(id, { state: 'cancelled', endedAt: new Date().toISOString(), message });
    return;
  }
  if (err instanceof LaunchLeftRunningError) {
    store.updateMeta(id, { ref: err.ref, message });
    return;
  }
  store.updateMeta(id, { state: 'failed', endedAt: new Date().toISOString(), message });
}

export function readDataset(path: string): DatasetFile {
  const size = statSync(path).size;
  // Larger files stay on disk: the Modal backend uploads them to the volume in parts.
  if (size > MAX_LOCAL_DATASET_BYTES) return { name: basename(path), path, size };
  return { name: basename(path), bytes: readFileSync(path), path, size };
}
