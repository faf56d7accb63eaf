import type { JobBackend, RunHandle } from '../backends/jobBackend';
import { summarize } from '../events/reducer';
import { launcherAlive } from './cancelMark';
import { finishRun } from './finishRun';
import { recoverEvents } from './recoverEvents';
import type { RunMeta } from './runMeta';
import type { RunListener } from './runSink';
import { RunSink } from './runSink';
import type { RunStore } from './runStore';

export type AttachResult =
  | { status: 'attached'; handle: RunHandle; done: Promise<RunMeta> }
  | { status: 'lost'; meta: RunMeta }
  /** No sandbox id yet, and its launcher (this or another process) is still at work: nothing to attach to, nothing lost. */
  | { status: 'launching'; meta: RunMeta };

/**
 * Re-attaches to a run recorded as active (after a reload or from another terminal), resuming
 * its output where the store left off; events are deduplicated by seq. A run the backend no
 * longer knows is marked lost, keeping what was recorded, after adding what the template's own
 * copy of its events holds (Modal: the volume): a run that ended meanwhile gets its real end.
 */
export async function attachRun(store: RunStore, meta: RunMeta, backend: JobBackend, listener?: RunListener): Promise<AttachResult> {
  if (!meta.ref && launcherAlive(store, meta.id)) return { status: 'launching', meta };
  if (!meta.ref) return { status: 'lost', meta: markLost(store, meta, 'The run never reached the backend (no sandbox id was recorded).', listener) };
  const sink = new RunSink(store, meta.id, listener, meta.cursor);
  const result = await backend.reattach(meta.ref, sink, meta.cursor);
  if (result.status === 'lost') {
    const recovered = meta.kind === 'run' || meta.kind === undefined ? await recoverEvents(backend, meta.id, sink) : undefined;
    sink.close();
    const summary = summarize(store.readEvents(meta.id));
    if (recovered && (summary.completed || summary.error)) {
      // It ended while nobody followed it: its own record of the events says how.
      const state = summary.completed ? 'completed' : 'failed';
      const message = summary.error ? [summary.error.message, summary.error.hint].filter(Boolean).join(' ') : null;
      store.appendLog(meta.id, `[recovered] ${recovered} event(s) from the volume; ${state}`);
      const ended = store.updateMeta(meta.id, { state, endedAt: summary.updatedAt ?? new Date().toISOString(), message });
      listener?.({ kind: 'meta', runId: meta.id });
      return { status: 'lost', meta: ended };
    }
    const note = recovered ? ` ${recovered} event(s) were recovered from the volume.` : '';
    return { status: 'lost', meta: markLost(store, meta, `${result.reason}${note}`, listener) };
  }
  if (meta.state === 'starting') store.updateMeta(meta.id, { state: 'running' });
  return { status: 'attached', handle: result.handle, done: finishRun(store, meta.id, result.handle, sink, listener, backend) };
}

function markLost(store: RunStore, meta: RunMeta, reason: string, listener?: RunListener): RunMeta {
  store.appendLog(meta.id, `[lost] ${reason}`);
  const next = store.updateMeta(meta.id, { state: 'lost', endedAt: new Date().toISOString(), message: `Lost: ${reason} Events recorded so far are kept.` });
  listener?.({ kind: 'meta', runId: meta.id });
  return next;
}
