/**
 * The fallback for a run whose sandbox Modal no longer knows: the template also appends every
 * event to <run dir>/events.jsonl on the volume; a small CPU sandbox prints that file.
 */
import { checkRunId, runDir } from './sandboxSpec';
import type { ModalConnection } from './modalClient';
import { runOnVolume } from './volumeSandbox';

/** A constant program; the path arrives as an argument, never as code. */
const PRINT_FILE_PY = 'import sys, os\np = sys.argv[1]\nsys.stdout.write(open(p, encoding="utf-8").read() if os.path.exists(p) else "")';
const READ_TIMEOUT_MS = 120_000;

export async function readVolumeEvents(conn: ModalConnection, runId: string): Promise<string[]> {
  checkRunId(runId);
  const lines: string[] = [];
  await runOnVolume(conn, {
    program: PRINT_FILE_PY, args: [`${runDir(runId)}/events.jsonl`], timeoutMs: READ_TIMEOUT_MS,
    what: `reading the run's events from the volume "${conn.volumeName}"`, onLine: (l) => lines.push(l),
  });
  return lines.filter((l) => l.trim() !== '');
}
