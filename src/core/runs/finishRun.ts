import type { ExitInfo, RunHandle } from '../backends/jobBackend';
import { summarize } from '../events/reducer';
import type { RunLifecycle, RunMeta } from './runMeta';
import type { RunListener, RunSink } from './runSink';
import type { RunStore } from './runStore';

/** Waits for the run's end and records it: the state from the exit and the events, and why. */
export async function finishRun(store: RunStore, id: string, handle: RunHandle, sink: RunSink, listener?: RunListener): Promise<RunMeta> {
  let exit: ExitInfo;
  try {
    exit = await handle.wait();
  } catch (err) {
    exit = { outcome: 'failed', exitCode: null, message: `Lost contact with the run: ${err instanceof Error ? err.message : String(err)}` };
  }
  sink.close();
  const summary = summarize(store.readEvents(id));
  let state: RunLifecycle = exit.outcome;
  let message = exit.message ?? null;
  if (summary.error) {
    state = exit.outcome === 'cancelled' || exit.outcome === 'timed_out' ? exit.outcome : 'failed';
    message = [summary.error.message, summary.error.hint].filter(Boolean).join(' ');
  } else if (exit.outcome === 'completed' && !summary.completed) {
    state = 'failed';
    message = 'The job exited without reporting completion; see the run log.';
  } else if (exit.outcome === 'failed' && !message) {
    message = `The job exited with code ${exit.exitCode ?? 'unknown'}; see the run log.`;
  }
  store.appendLog(id, `[end] ${state}${message ? `: ${message}` : ''}`);
  const meta = store.updateMeta(id, { state, exitCode: exit.exitCode, endedAt: new Date().toISOString(), message });
  listener?.({ kind: 'meta', runId: id });
  return meta;
}
