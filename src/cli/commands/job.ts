import { existsSync } from 'node:fs';
import { resolveJob } from '../../core/job/resolveJob';
import { formatDiagnostic } from '../format';
import type { Io } from '../io';
import { readUserFile } from '../inputs';

/** `job FILE --json`: the resolved job spec the GPU template consumes. */
export function jobCommand(file: string | undefined, io: Io): number {
  if (!file) {
    io.err('job: name a config file, e.g. finetune-embeddings job examples/quora-duplicates.finetune.yaml --json');
    return 2;
  }
  const input = readUserFile(file, io);
  if (!input) return 2;
  const result = resolveJob(input.text, input.path, { fileExists: existsSync });
  if (!result.ok) {
    for (const d of result.diagnostics.filter((x) => x.severity === 'error')) io.err(formatDiagnostic(file, d));
    io.err('job: fix the errors above first.');
    return 1;
  }
  io.out(JSON.stringify(result.job, null, 2));
  return 0;
}
