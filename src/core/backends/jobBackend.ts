/**
 * The backend-neutral contract for running one training job: Modal (a GPU sandbox) today,
 * a local Python subprocess later. A backend prepares what the job needs, starts it, streams
 * its stdout/stderr as whole lines, and reports how it ended.
 */
import type { JobSpec } from '../job/jobSpec';
import type { ProgramSpec } from './program';

/** 'lost': the backend no longer knows the run, so it ended without a result we could read. */
export type RunOutcome = 'completed' | 'failed' | 'cancelled' | 'timed_out' | 'lost';

export interface ExitInfo {
  outcome: RunOutcome;
  /** The process exit code; null when the backend could not learn it. */
  exitCode: number | null;
  /** A human-readable note (e.g. "Timed out after 60 minutes"). */
  message?: string;
}

export interface DatasetFile {
  /** File name only, e.g. "pairs.csv". */
  name: string;
  /** The contents, for a file small enough to travel with the job (DATASET_MAX_BYTES on Modal). */
  bytes?: Uint8Array;
  /** The local path, for a larger file: Modal uploads it to the volume in parts (volumeUpload.ts). */
  path?: string;
  size?: number;
}

export interface LaunchRequest {
  runId: string;
  job: JobSpec;
  /** The gpu-templates/ Python files that must reach the runtime: relative path -> source. */
  templateFiles: Record<string, string>;
  /** Contents of the repository's pinned requirements file (never a config value). */
  requirementsTxt: string;
  /** A local dataset file to ship with the job (when job.dataset.path is set). */
  datasetFile?: DatasetFile;
  /** The template program to run; default finetune.py in the run's own folder. */
  program?: ProgramSpec;
  /** Script (a key of templateFiles) and its literal arguments; overrides `program` (tests). */
  entrypoint?: { script: string; args: string[] };
  /** Container ports to expose (e.g. a sweep's study storage server). */
  ports?: number[];
  /** Run without a GPU (a sweep's coordinator), with CPU_ONLY_RESOURCES. */
  cpuOnly?: boolean;
  /**
   * Extra environment for the process, which may hold secrets (a sweep's storage credentials):
   * Modal receives it as an ephemeral secret. Never stored in a run record or printed.
   */
  secretEnv?: Record<string, string>;
  /** Overrides the job's compute.timeout_minutes (a sweep's coordinator outlives its workers). */
  timeoutMinutes?: number;
  /**
   * Whether cancel was asked for while the launch is in progress: checked before anything that
   * costs money starts (the sandbox, the process), and once more right after; the launch then
   * throws LaunchCancelledError, with whatever it had started stopped.
   */
  cancelRequested?: () => boolean;
}

/** The launch stopped because cancel was asked for before the run started. */
export class LaunchCancelledError extends Error {
  override readonly name = 'LaunchCancelledError';
  constructor(detail = 'Cancelled before the run started: no sandbox or process was left running.') {
    super(detail);
  }
}

/** What a CPU-only launch requests: a sweep's coordinator serves a SQLite study over gRPC, one core and 2 GiB are plenty. */
export const CPU_ONLY_RESOURCES = { cpu: 1, memoryMiB: 2048 } as const;

export type LaunchPhase = 'preparing' | 'building_image' | 'starting' | 'uploading' | 'running';

/** Whether the backend can currently reach a run that may still be going. */
export type ConnectionState = 'connected' | 'reconnecting';

export interface RunCallbacks {
  /** A complete stdout line (no newline); `index` counts stdout lines from 0 over the whole run. */
  onStdoutLine(line: string, index: number): void;
  onStderrLine?(line: string, index: number): void;
  /** A line of image-build output (Modal) or environment setup (local). */
  onBuildLog?(line: string): void;
  onPhase?(phase: LaunchPhase): void;
  /** Something went wrong but the run goes on (e.g. a log stream had to be reopened). */
  onWarning?(message: string): void;
  /**
   * The backend's id for the run, the moment it exists: before the run is scheduled or its files
   * are sent, so a launcher that dies while waiting still leaves a record that can stop it.
   */
  onRef?(ref: string): void;
  /** How a long launch step is going, as one line (e.g. the dataset upload's MB/s and ETA), and how much of it is done (0-1) when that is known. */
  onProgress?(message: string, fraction?: number): void;
  /** Contact with the run was lost ('reconnecting', retried with backoff) or is back ('connected'). */
  onConnection?(state: ConnectionState, detail: string): void;
}

/** How many complete lines the caller already has, so a re-attach neither repeats nor skips. */
export interface ResumeCursor {
  stdoutLines: number;
  stderrLines: number;
}

export interface RunHandle {
  /** The backend's id for the run (Modal: the sandbox id, "sb-..."). Persist it to re-attach. */
  readonly ref: string;
  /** Resolves once the run has ended and all of its output lines were delivered. */
  wait(): Promise<ExitInfo>;
  /** Stops the run and resolves once it has stopped (the wait() outcome is then 'cancelled'). */
  cancel(): Promise<void>;
  /** Lines delivered so far. */
  cursor(): ResumeCursor;
  /** Stops following the run without stopping it (e.g. on window close); re-attach later with cursor(). */
  detach(): void;
  /** Where a port given in LaunchRequest.ports is reachable from other runs (a Modal tunnel, or localhost). */
  endpoint?(port: number): Promise<{ host: string; port: number }>;
}

/** A launch failed after the run was created on the backend, and stopping it failed too: keep its record active so cancel can stop it. */
export class LaunchLeftRunningError extends Error {
  override readonly name = 'LaunchLeftRunningError';
  constructor(cause: string, readonly ref: string) {
    super(`${cause} Its sandbox ${ref} could not be stopped and may still be running: cancel the run to stop it.`);
  }
}

export type ReattachResult =
  | { status: 'attached'; handle: RunHandle }
  | { status: 'lost'; reason: string };

export interface JobBackend {
  readonly kind: 'modal' | 'local';
  launch(request: LaunchRequest, callbacks: RunCallbacks): Promise<RunHandle>;
  /**
   * The template's own copy of a run's events (one JSON object per line), for a run whose
   * process can no longer be followed. Optional: a backend without such a copy omits it.
   */
  recoverEvents?(runId: string): Promise<string[]>;
  /** Follows a run started earlier (e.g. before a window reload). Unknown runs are 'lost'. */
  reattach(ref: string, callbacks: RunCallbacks, cursor?: ResumeCursor): Promise<ReattachResult>;
}
