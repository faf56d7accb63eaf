import { attachRun } from '../../core/runs/attachRun';
import { isActive } from '../../core/runs/runMeta';
import { RunStore } from '../../core/runs/runStore';
import { cliBackend } from '../backends';
import type { Io } from '../io';

/** `cancel RUN`: terminates the run's sandbox/process and waits until it has stopped. */
export async function cancelCommand(idArg: string | undefined, io: Io): Promise<number> {
  const store = new RunStore(process.cwd());
  const id = idArg ? store.resolveId(idArg) : undefined;
  const meta = id ? store.readMeta(id) : undefined;
  if (!meta) {
    io.err(`cancel: ${idArg ? `no run "${idArg}" in .finetune/runs` : 'name a run id (see finetune-embeddings runs)'}.`);
    return 2;
  }
  if (!isActive(meta.state)) {
    io.out(`Run ${meta.id} already ended: ${meta.state}.`);
    return 0;
  }
  try {
    const attached = await attachRun(store, meta, await cliBackend(meta.backend, store));
    if (attached.status === 'lost') {
      io.out(`Run ${meta.id} is no longer running on ${meta.backend} (marked lost).`);
      return 0;
    }
    io.out(`Cancelling ${meta.id} (${meta.ref})…`);
    await attached.handle.cancel();
    const final = await attached.done;
    io.out(`Run ${final.id} ${final.state}.`);
    return final.state === 'cancelled' ? 0 : 1;
  } catch (err) {
    io.err(`cancel: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
