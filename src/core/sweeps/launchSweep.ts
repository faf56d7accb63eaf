import { basename, relative } from 'node:path';
import { CPU_ONLY_RESOURCES, LaunchCancelledError, type LaunchRequest, type RunHandle } from '../backends/jobBackend';
import { cancelRequested, startLaunchBeat } from '../runs/cancelMark';
import { resourcesPricePerHour } from '../cost/gpus';
import type { ProgramSpec } from '../backends/program';
import type { JobSpec } from '../job/jobSpec';
import { finishRun } from '../runs/finishRun';
import type { LaunchOptions } from '../runs/launchRun';
import { launchableJob, LaunchBlockedError, priceOf, recordLaunchFailure } from '../runs/launchRun';
import type { RunMeta } from '../runs/runMeta';
import { newRunId } from '../runs/runId';
import { RunSink } from '../runs/runSink';
import { readRequirements, readTemplateFiles } from '../runs/templateFiles';
import { finishSweep } from './finishSweep';
import { coordinatorEnv, generateStorageCredentials, workerEnv } from './storageCredentials';
import { sweepKey, sweepRunDirId, workspaceConfigPath } from './sweepKey';

/** The port the study storage server listens on inside the coordinator. */
export const STORAGE_PORT = 13000;
/** Modal's longest sandbox timeout (24 h), which is also compute.timeout_minutes' maximum. */
export const MAX_TIMEOUT_MINUTES = 1440;
/**
 * The coordinator must outlive every worker: they start after it (each may wait for a GPU), and
 * it is stopped as soon as they end, so the margin costs only its CPU (cents an hour) if unused.
 */
export const COORDINATOR_MARGIN_MINUTES = 60;

export function coordinatorTimeoutMinutes(job: JobSpec): number {
  return Math.min(MAX_TIMEOUT_MINUTES, job.compute.timeout_minutes + COORDINATOR_MARGIN_MINUTES);
}

export interface SweepLaunchOptions extends LaunchOptions {
  /** Tests run several coordinators on one machine: each needs its own port. */
  storagePort?: number;
}

export interface LaunchedSweep {
  meta: RunMeta;
  /** Coordinator first, then workers 0..parallel-1. */
  handles: Map<string, RunHandle>;
  done: Promise<RunMeta>;
}

/**
 * Starts a sweep: a CPU coordinator serving the Optuna study (RDB storage behind Optuna's gRPC
 * proxy, reached through a raw tunnel, so private by TLS with a per-sweep certificate and a
 * token: see storageCredentials.ts), then `parallel` GPU workers that share it. Each launch has
 * its own record beside the sweep's (events have per-process sequence numbers); the sweep's
 * own record has no process: its state follows from its children (see settleSweep).
 */
export async function launchSweep(o: SweepLaunchOptions): Promise<LaunchedSweep> {
  const job = launchableJob(o);
  const sweep = job.sweep;
  if (!sweep) throw new LaunchBlockedError(`${basename(o.configPath)} has no sweep section.`);
  const id = newRunId(job.name);
  const port = o.storagePort ?? STORAGE_PORT;
  const base = {
    name: job.name, configPath: relative(o.store.root, o.configPath), backend: o.backend.kind, createdAt: new Date().toISOString(), endedAt: null,
    ref: null, gpu: o.backend.kind === 'local' ? null : job.compute.gpu, gpuCount: job.compute.gpu_count, timeoutMinutes: job.compute.timeout_minutes,
    primaryMetric: sweep.metric, exitCode: null, message: null, cursor: { stdoutLines: 0, stderrLines: 0 },
  } as const;
  const modal = o.backend.kind !== 'local';
  const price = modal ? priceOf(job) : 0;
  const coordinatorPrice = modal ? resourcesPricePerHour(CPU_ONLY_RESOURCES.cpu, CPU_ONLY_RESOURCES.memoryMiB / 1024) : 0;
  const sweepMeta: RunMeta = { version: 1, id, ...base, kind: 'sweep', state: 'starting', pricePerHour: price * sweep.parallel + coordinatorPrice };
  o.store.create(sweepMeta, o.configText, job);
  o.listener?.({ kind: 'meta', runId: id });
  const request = { job, templateFiles: readTemplateFiles(o.templateDir), requirementsTxt: readRequirements(o.templateDir) };
  // Shared by every launch of this config (path and content): the study resumes, and no other config's study is touched.
  const runDirId = sweepRunDirId(job.name, sweepKey(workspaceConfigPath(o.store.root, o.configPath), o.configText));
  const handles = new Map<string, RunHandle>();
  const finished = new Map<string, Promise<RunMeta>>();
  // Made here, held in memory only, handed to the sandboxes as secret environment.
  const credentials = generateStorageCredentials();

  type Extra = Pick<LaunchRequest, 'ports' | 'cpuOnly' | 'secretEnv' | 'timeoutMinutes'>;
  // Cancel of the sweep (or of one launch) while it starts: no further sandbox is created.
  const cancelled = (childId: string) => cancelRequested(o.store, id) || cancelRequested(o.store, childId);
  const start = async (childId: string, kind: 'worker' | 'coordinator', program: ProgramSpec, extra: Extra) => {
    if (cancelRequested(o.store, id)) throw new LaunchCancelledError('Cancelled while the sweep was starting: no further worker was started, and those already started were stopped.');
    const own = extra.cpuOnly ? { pricePerHour: coordinatorPrice, timeoutMinutes: extra.timeoutMinutes ?? base.timeoutMinutes } : { pricePerHour: price };
    o.store.create({ version: 1, id: childId, ...base, kind, parentId: id, state: 'starting', ...own }, o.configText, job);
    const sink = new RunSink(o.store, childId, o.listener);
    let handle: RunHandle;
    const childBeat = startLaunchBeat(o.store, childId);
    try {
      handle = await o.backend.launch({ runId: childId, ...request, program, ...extra, cancelRequested: () => cancelled(childId) }, sink);
    } catch (err) {
      sink.close();
      recordLaunchFailure(o.store, childId, err);
      throw err;
    } finally {
      childBeat.stop();
    }
    o.store.updateMeta(childId, { ref: handle.ref, state: 'running' });
    handles.set(childId, handle);
    finished.set(childId, finishRun(o.store, childId, handle, sink, o.listener, o.backend));
    return handle;
  };

  const beat = startLaunchBeat(o.store, id);
  try {
    const coordinator = await start(`${id}-coord`, 'coordinator', { script: 'sweep.py', mode: 'serve-storage', runDirId, extraArgs: ['--port', String(port)] },
      { ports: [port], cpuOnly: true, secretEnv: coordinatorEnv(credentials), timeoutMinutes: coordinatorTimeoutMinutes(job) });
    const endpoint = coordinator.endpoint ? await coordinator.endpoint(port) : { host: '127.0.0.1', port };
    const storage = `grpcs://${endpoint.host}:${endpoint.port}`;
    for (let k = 0; k < sweep.parallel; k++) {
      await start(`${id}-w${k}`, 'worker', { script: 'sweep.py', runDirId, eventRunId: id, extraArgs: ['--worker-index', String(k), '--storage', storage, '--study-name', runDirId] },
        { secretEnv: workerEnv(credentials) });
    }
  } catch (err) {
    await Promise.allSettled([...handles.values()].map((h) => h.cancel()));
    await Promise.allSettled(finished.values());
    const message = err instanceof Error ? err.message : String(err);
    const state = err instanceof LaunchCancelledError || cancelRequested(o.store, id) ? 'cancelled' : 'failed';
    o.store.appendLog(id, `[launch ${state === 'cancelled' ? 'cancelled' : 'failed'}] ${message}`);
    o.store.updateMeta(id, { state, endedAt: new Date().toISOString(), message });
    o.listener?.({ kind: 'meta', runId: id });
    throw err;
  } finally {
    beat.stop();
  }
  o.store.updateMeta(id, { state: 'running' });
  o.listener?.({ kind: 'meta', runId: id });
  const coordinatorId = `${id}-coord`;
  const workers = [...finished].filter(([k]) => k !== coordinatorId).map(([, p]) => p);
  const done = finishSweep(o.store, id, { handle: handles.get(coordinatorId)!, done: finished.get(coordinatorId)! }, workers, o.listener);
  return { meta: o.store.readMeta(id)!, handles, done };
}
