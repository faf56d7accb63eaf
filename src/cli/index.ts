import { runCli } from './main';
import { processIo } from './io';

runCli(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`finetune-embeddings: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
