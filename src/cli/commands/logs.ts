import { attachRun } from '../../core/runs/attachRun';
import { launcherAlive, waitWhileLaunching } from '../../core/runs/cancelMark';
import { isActive } from '../../core/runs/runMeta';
import { RunStore } from '../../core/runs/runStore';
import { describeEvent } from '../../core/runs/describeEvent';
import { cliBackend } from '../backends';
import type { Io } from '../io';
import { findRun } from '../inputs';
import { printRunUpdate } from '../runUpdates';

/** `logs RUN [--follow]`: the run's log and event summary; --follow streams until it ends. */
export async function logsCommand(idArg: string | undefined, follow: boolean, io: Io): Promise<number> {
  const store = new RunStore(process.cwd());
  const meta = findRun('logs', store, idArg, io);
  if (!meta) return 2;
  const log = store.readLog(meta.id);
  if (log) io.out(log.trimEnd());
  for (const e of store.readEvents(meta.id)) {
    const text = describeEvent(e);
    if (text) io.out(`  ${text}`);
  }
  if (!follow || !isActive(meta.state)) {
    io.out(`— ${meta.state}${meta.message ? `: ${meta.message}` : ''}`);
    return 0;
  }
  try {
    if (!meta.ref && launcherAlive(store, meta.id)) io.out('  launching… (waiting for its sandbox)');
    const current = (await waitWhileLaunching(store, meta.id)) ?? meta;
    if (!isActive(current.state)) {
      io.out(`— ${current.state}${current.message ? `: ${current.message}` : ''}`);
      return 0;
    }
    const attached = await attachRun(store, current, await cliBackend(meta.backend, store), (u) => printRunUpdate('logs', io, u, { logLines: true }));
    const final = attached.status === 'attached' ? await attached.done : attached.meta;
    io.out(`— ${final.state}${final.message ? `: ${final.message}` : ''}`);
    return 0;
  } catch (err) {
    io.err(`logs: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
