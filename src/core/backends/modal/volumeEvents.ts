/**
 * The fallback for a run whose sandbox Modal no longer knows: the template also appends every
 * event to <run dir>/events.jsonl on the volume. The JS SDK (0.11.1) cannot read volume files,
 * so a small CPU sandbox with the volume mounted prints that file, and we read its stdout.
 */
import type { ModalClient } from 'modal';
import { LineSplitter } from '../../events/lineSplitter';
import { BASE_IMAGE } from './imageSpec';
import type { ModalConnection } from './modalClient';
import { createModalClient } from './modalClient';
import { toModalError } from './modalErrors';
import { checkRunId, runDir, VOLUME_MOUNT } from './sandboxSpec';

/** A constant program; the path arrives as an argument, never as code. */
const PRINT_FILE_PY = 'import sys, os\np = sys.argv[1]\nsys.stdout.write(open(p, encoding="utf-8").read() if os.path.exists(p) else "")';
const READ_TIMEOUT_MS = 120_000;

export async function readVolumeEvents(conn: ModalConnection, runId: string): Promise<string[]> {
  checkRunId(runId);
  const client: ModalClient = await createModalClient(conn);
  try {
    const app = await client.apps.fromName(conn.appName, { createIfMissing: true });
    const volume = await client.volumes.fromName(conn.volumeName, { createIfMissing: true });
    const image = await client.images.fromRegistry(BASE_IMAGE).build(app);
    const sandbox = await client.sandboxes.create(app, image, {
      command: ['python', '-c', PRINT_FILE_PY, `${runDir(runId)}/events.jsonl`],
      volumes: { [VOLUME_MOUNT]: volume },
      timeoutMs: READ_TIMEOUT_MS,
    });
    const splitter = new LineSplitter();
    const lines: string[] = [];
    const reader = (sandbox.stdout as unknown as ReadableStream<string>).getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read()) lines.push(...splitter.push(r.value));
    lines.push(...splitter.flush());
    await sandbox.wait();
    return lines.filter((l) => l.trim() !== '');
  } catch (err) {
    throw toModalError(err, `reading the run's events from the volume "${conn.volumeName}"`);
  } finally {
    client.close();
  }
}
