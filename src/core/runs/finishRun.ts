import type { ExitInfo, JobBackend, RunHandle } from '../backends/jobBackend';
import { summarize } from '../events/reducer';
import { recoverEvents } from './recoverEvents';
import type { RunLifecycle, RunMeta } from './runMeta';
import type { RunListener, RunSink } from './runSink';
import type { RunStore } from './runStore';
import { shellCommand } from '../shell/shellQuote';

/**
 * Waits for the run's end and records it: the state from the exit and the events, and why.
 * Only the run's own result ends it. If following fails for good (e.g. the token was revoked)
 * the run stays active, to be re-attached later. A run the backend lost is completed or failed
 * when its own copy of the events (`backend`) says so, else lost.
 */
export async function finishRun(store: RunStore, id: string, handle: RunHandle, sink: RunSink, listener?: RunListener, backend?: JobBackend): Promise<RunMeta> {
  let exit: ExitInfo;
  try {
    exit = await handle.wait();
  } catch (err) {
    sink.close();
    const why = err instanceof Error ? err.message : String(err);
    store.appendLog(id, `[detached] Stopped following the run: ${why} It may still be running; it is re-attached on the next window reload or with \`${shellCommand('finetune-embeddings', 'logs', id, '--follow')}\`.`);
    const meta = store.updateMeta(id, { connection: null });
    listener?.({ kind: 'meta', runId: id });
    return meta;
  }
  const kind = store.readMeta(id)?.kind;
  const recovered = exit.outcome === 'lost' && (kind === undefined || kind === 'run') ? await recoverEvents(backend, id, sink) : undefined;
  sink.close();
  const summary = summarize(store.readEvents(id));
  let state: RunLifecycle = exit.outcome;
  let message = exit.message ?? null;
  if (exit.outcome === 'lost' && summary.completed) {
    state = 'completed';
    message = null;
  } else if (summary.error) {
    state = exit.outcome === 'cancelled' || exit.outcome === 'timed_out' ? exit.outcome : 'failed';
    message = [summary.error.message, summary.error.hint].filter(Boolean).join(' ');
  } else if (exit.outcome === 'lost') {
    message = `Lost: ${exit.message ?? 'the backend no longer knows the run.'}${recovered ? ` ${recovered} event(s) were recovered from the volume.` : ''} Events recorded so far are kept.`;
  } else if (exit.outcome === 'completed' && !summary.completed) {
    state = 'failed';
    message = 'The job exited without reporting completion; see the run log.';
  } else if (exit.outcome === 'failed' && !message) {
    message = `The job exited with code ${exit.exitCode ?? 'unknown'}; see the run log.`;
  }
  if (recovered) store.appendLog(id, `[recovered] ${recovered} event(s) from the volume`);
  store.appendLog(id, `[end] ${state}${message ? `: ${message}` : ''}`);
  const meta = store.updateMeta(id, { state, exitCode: exit.exitCode, endedAt: new Date().toISOString(), message, connection: null });
  listener?.({ kind: 'meta', runId: id });
  return meta;
}
