import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveJob } from '../../core/job/resolveJob';
import { formatDiagnostic } from '../format';
import type { Io } from '../io';

/** `job FILE --json`: the resolved job spec the GPU template consumes. */
export function jobCommand(file: string | undefined, io: Io): number {
  if (!file) {
    io.err('job: name a config file, e.g. finetune-embeddings job examples/quora-duplicates.finetune.yaml --json');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(resolve(file), 'utf8');
  } catch (err) {
    io.err(`${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return 2;
  }
  const result = resolveJob(text, resolve(file), { fileExists: existsSync });
  if (!result.ok) {
    for (const d of result.diagnostics.filter((x) => x.severity === 'error')) io.err(formatDiagnostic(file, d));
    io.err('job: fix the errors above first.');
    return 1;
  }
  io.out(JSON.stringify(result.job, null, 2));
  return 0;
}
