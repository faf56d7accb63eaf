/** Maps a sandbox's exit code to the run outcome. Modal reports a terminated sandbox as 137, a timeout as 124. */
import type { ExitInfo } from '../jobBackend';

export const EXIT_TIMEOUT = 124;
export const EXIT_TERMINATED = 137;

export function exitInfoFromCode(code: number | null, cancelRequested: boolean): ExitInfo {
  if (code === 0) return { outcome: 'completed', exitCode: 0 };
  if (code === EXIT_TIMEOUT) return { outcome: 'timed_out', exitCode: code, message: 'The run hit compute.timeout_minutes and was stopped by Modal.' };
  if (code === EXIT_TERMINATED && cancelRequested) return { outcome: 'cancelled', exitCode: code, message: 'Cancelled.' };
  if (code === EXIT_TERMINATED) {
    return { outcome: 'failed', exitCode: code, message: 'The container was killed (exit 137): out of memory, or stopped from outside this window.' };
  }
  if (code === null) return { outcome: 'failed', exitCode: null, message: 'Modal did not report an exit code.' };
  return { outcome: 'failed', exitCode: code, message: `The training script exited with code ${code}.` };
}
