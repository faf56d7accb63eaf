import type { Io } from '../io';
import { readJob } from '../inputs';

/** `job FILE --json`: the resolved job spec the GPU template consumes. */
export function jobCommand(file: string | undefined, io: Io): number {
  if (!file) {
    io.err('job: name a config file, e.g. finetune-embeddings job examples/quora-duplicates.finetune.yaml --json');
    return 2;
  }
  const job = readJob(file, io, 'job: fix the errors above first.');
  if (typeof job === 'string') return job === 'unreadable' ? 2 : 1;
  io.out(JSON.stringify(job, null, 2));
  return 0;
}
