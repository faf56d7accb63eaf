import { downloadable, downloadRunModel, formatBytes, listRunModel } from '../../core/model/downloadModel';
import { cliModalConnection } from '../backends';
import type { Io } from '../io';
import { findRunModel } from '../runModelInput';

/** `download RUN`: a Modal run's model from the volume into .finetune/runs/RUN/model (size first, then progress). */
export async function downloadCommand(idArg: string | undefined, io: Io): Promise<number> {
  const found = findRunModel('download', idArg, io);
  if (!found) return 2;
  const why = downloadable(found.model);
  if (why) {
    io.err(`download: ${why}`);
    return 1;
  }
  const conn = cliModalConnection();
  try {
    const listing = await listRunModel(conn, found.model);
    io.out(`${found.model.savedPath} on the volume "${conn.volumeName}": ${listing.files.length} files, ${formatBytes(listing.bytes)}`);
    let shown = -1;
    const dest = await downloadRunModel(conn, found.store, found.model, (done, total) => {
      const pct = total ? Math.floor((done / total) * 10) * 10 : 100;
      if (pct !== shown) io.err(`[download] ${pct}% (${formatBytes(done)} of ${formatBytes(total)})`);
      shown = pct;
    });
    io.out(`Downloaded to ${found.store.relativeToRoot(dest)}`);
    return 0;
  } catch (err) {
    io.err(`download: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
