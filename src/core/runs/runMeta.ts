/** Lifecycle of a run as the extension sees it (the events say what the template did). */
export type RunLifecycle = 'starting' | 'running' | 'completed' | 'failed' | 'cancelled' | 'timed_out' | 'lost';

export const ACTIVE_STATES: readonly RunLifecycle[] = ['starting', 'running'];

export function isActive(state: RunLifecycle): boolean {
  return ACTIVE_STATES.includes(state);
}

/** A run that may still be going whose follower lost contact with it (and keeps retrying). */
export function isReconnecting(meta: Pick<RunMeta, 'state' | 'connection'>): boolean {
  return isActive(meta.state) && meta.connection === 'reconnecting';
}

/** run.json: written atomically (temp file + rename) whenever it changes. No secrets, ever. */
export interface RunMeta {
  version: 1;
  id: string;
  /** Config name, e.g. "quora-duplicates". */
  name: string;
  /** Path of the config the run was launched from, relative to the store's workspace root. */
  configPath: string;
  backend: 'modal' | 'local';
  state: RunLifecycle;
  createdAt: string;
  endedAt: string | null;
  /** Backend reference to re-attach with (Modal: the sandbox id). */
  ref: string | null;
  gpu: string | null;
  gpuCount: number;
  pricePerHour: number;
  timeoutMinutes: number;
  primaryMetric: string;
  exitCode: number | null;
  /** Why it ended, in words, when it did not complete. */
  message: string | null;
  /**
   * 'reconnecting' while the follower has lost contact with a run that may still be going
   * (retried with backoff; the run's state is unchanged); absent or null otherwise.
   */
  connection?: 'reconnecting' | null;
  /** stdout/stderr lines received, to resume a log stream without repeats. */
  cursor: { stdoutLines: number; stderrLines: number };
  /** A sweep, or one of a sweep's launches (its record lives beside the sweep's, with parentId). */
  kind?: 'run' | 'sweep' | 'worker' | 'coordinator' | 'trial';
  /** A sweep's worker or coordinator: the sweep's id. */
  parentId?: string;
}
