import { attachRun } from '../../core/runs/attachRun';
import { launcherAlive, requestCancel, requestCancelAndWait, waitWhileLaunching } from '../../core/runs/cancelMark';
import type { RunMeta } from '../../core/runs/runMeta';
import { isActive } from '../../core/runs/runMeta';
import { RunStore } from '../../core/runs/runStore';
import { settleSweep, sweepChildren } from '../../core/sweeps/finishSweep';
import { cliBackend } from '../backends';
import type { Io } from '../io';
import { findRun } from '../inputs';

/** `cancel RUN`: terminates the run's sandbox/process (every one of a sweep's) and waits until stopped. */
export async function cancelCommand(idArg: string | undefined, io: Io): Promise<number> {
  const store = new RunStore(process.cwd());
  const meta = findRun('cancel', store, idArg, io);
  if (!meta) return 2;
  if (!isActive(meta.state)) {
    io.out(`Run ${meta.id} already ended: ${meta.state}.`);
    return 0;
  }
  try {
    if (meta.kind === 'sweep') {
      // The mark stops a sweep still starting from starting any further sandbox; then those it
      // started are stopped (workers first: they hold the GPUs), and its launcher winds down.
      requestCancel(store, meta.id);
      const children = sweepChildren(store, meta.id).filter((m) => isActive(m.state));
      await Promise.all(children.filter((m) => m.kind === 'worker').map((m) => cancelOne(store, m, io)));
      await Promise.all(children.filter((m) => m.kind === 'coordinator').map((m) => cancelOne(store, m, io)));
      const after = await waitWhileLaunching(store, meta.id);
      const final = after && !isActive(after.state) ? after : await settleSweep(store, meta.id);
      io.out(`Sweep ${final.id} ${final.state}${final.message ? `: ${final.message}` : '.'}`);
      return final.state === 'cancelled' ? 0 : 1;
    }
    const final = await cancelOne(store, meta, io);
    if (final.state === 'lost') return 0; // nothing is running (any more): nothing to pay for
    const why = final.state === 'cancelled' ? (final.message && final.message !== 'Cancelled.' ? `: ${final.message}` : '') : `: ${final.message ?? 'it ended before it could be stopped'}`;
    io.out(`Run ${final.id} ${final.state}${why}${why.endsWith('.') ? '' : '.'}`);
    return final.state === 'cancelled' ? 0 : 1;
  } catch (err) {
    io.err(`cancel: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

async function cancelOne(store: RunStore, meta: RunMeta, io: Io): Promise<RunMeta> {
  if (!meta.ref && launcherAlive(store, meta.id)) io.out(`${meta.id} is still launching: it stops before it starts a sandbox…`);
  let current = (await requestCancelAndWait(store, meta.id)) ?? meta;
  let attached = isActive(current.state) ? await attachRun(store, current, await cliBackend(meta.backend, store)) : undefined;
  // Its heartbeat came back between the two looks (a loaded machine): wait for the launcher once more.
  if (attached?.status === 'launching') {
    current = (await waitWhileLaunching(store, meta.id)) ?? current;
    attached = isActive(current.state) ? await attachRun(store, current, await cliBackend(meta.backend, store)) : undefined;
  }
  if (!attached) return current; // the launcher stopped on the mark: nothing was started
  if (attached.status === 'launching') throw new Error(`${meta.id} is still launching; cancel was requested and its launcher stops before creating a sandbox.`);
  if (attached.status === 'lost') {
    io.out(`${meta.id} is not running on ${meta.backend}; nothing was stopped. ${attached.meta.message ?? ''}`.trim());
    return attached.meta;
  }
  io.out(`Cancelling ${meta.id} (${meta.ref})…`);
  await attached.handle.cancel();
  return attached.done;
}
