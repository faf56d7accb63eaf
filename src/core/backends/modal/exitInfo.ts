/** Maps a sandbox's exit code to the run outcome. Modal reports a terminated sandbox as 137, a timeout as 124. */
import type { ExitInfo } from '../jobBackend';

export const EXIT_TIMEOUT = 124;
export const EXIT_TERMINATED = 137;
/** The bootstrap's exit when the job files never arrived (sysexits' EX_NOINPUT); see bundle.ts. */
export const EXIT_NO_BUNDLE = 66;

/** The part of Modal's GenericResult we read (SandboxWait's `result`). */
export interface SandboxResult {
  status: number;
  exitcode?: number;
  exception?: string;
}

const STATUS = { FAILURE: 2, TERMINATED: 3, TIMEOUT: 4 } as const;

export function exitInfoFromCode(code: number | null, cancelRequested: boolean): ExitInfo {
  if (code === 0) return { outcome: 'completed', exitCode: 0 };
  if (code === EXIT_TIMEOUT) return { outcome: 'timed_out', exitCode: code, message: 'The run hit compute.timeout_minutes and was stopped by Modal.' };
  if (code === EXIT_TERMINATED && cancelRequested) return { outcome: 'cancelled', exitCode: code, message: 'Cancelled.' };
  if (code === EXIT_TERMINATED) {
    return { outcome: 'failed', exitCode: code, message: 'The container was killed (exit 137): out of memory, or stopped from outside this window.' };
  }
  if (code === EXIT_NO_BUNDLE) {
    return { outcome: 'failed', exitCode: code, message: 'The job files never reached the container (the launcher stopped while sending them), so it gave up. Launch the run again.' };
  }
  if (code === null) return { outcome: 'failed', exitCode: null, message: 'Modal did not report an exit code.' };
  return { outcome: 'failed', exitCode: code, message: `The training script exited with code ${code}.` };
}

/**
 * The same for SandboxWait's result (as the SDK maps it). A FAILURE without an exit code (the
 * container died, e.g. its host went away) reads as exit code 0 in the message's defaults: it is a
 * failure with no code, and Modal's exception text says why.
 */
export function exitInfoFromResult(result: SandboxResult, cancelRequested: boolean): ExitInfo {
  if (result.status === STATUS.TIMEOUT) return exitInfoFromCode(EXIT_TIMEOUT, cancelRequested);
  if (result.status === STATUS.TERMINATED) return exitInfoFromCode(EXIT_TERMINATED, cancelRequested);
  const code = result.exitcode ?? null;
  if (result.status === STATUS.FAILURE && !code) {
    const why = result.exception ? `: ${result.exception}` : '';
    return { outcome: 'failed', exitCode: null, message: `The container stopped without an exit code${why}.` };
  }
  return exitInfoFromCode(code, cancelRequested);
}
