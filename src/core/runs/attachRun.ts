import type { JobBackend, RunHandle } from '../backends/jobBackend';
import { finishRun } from './finishRun';
import type { RunMeta } from './runMeta';
import type { RunListener } from './runSink';
import { RunSink } from './runSink';
import type { RunStore } from './runStore';

export type AttachResult =
  | { status: 'attached'; handle: RunHandle; done: Promise<RunMeta> }
  | { status: 'lost'; meta: RunMeta };

/**
 * Re-attaches to a run recorded as active (after a reload or from another terminal), resuming
 * its output where the store left off; events are deduplicated by seq. A run the backend no
 * longer knows is marked lost, keeping what was recorded.
 */
export async function attachRun(store: RunStore, meta: RunMeta, backend: JobBackend, listener?: RunListener): Promise<AttachResult> {
  if (!meta.ref) return { status: 'lost', meta: markLost(store, meta, 'The run never reached the backend (no sandbox id was recorded).', listener) };
  const sink = new RunSink(store, meta.id, listener, meta.cursor);
  const result = await backend.reattach(meta.ref, sink, meta.cursor);
  if (result.status === 'lost') {
    sink.close();
    return { status: 'lost', meta: markLost(store, meta, result.reason, listener) };
  }
  if (meta.state === 'starting') store.updateMeta(meta.id, { state: 'running' });
  return { status: 'attached', handle: result.handle, done: finishRun(store, meta.id, result.handle, sink, listener) };
}

function markLost(store: RunStore, meta: RunMeta, reason: string, listener?: RunListener): RunMeta {
  store.appendLog(meta.id, `[lost] ${reason}`);
  const next = store.updateMeta(meta.id, { state: 'lost', endedAt: new Date().toISOString(), message: `Lost: ${reason} Events recorded so far are kept.` });
  listener?.({ kind: 'meta', runId: meta.id });
  return next;
}
