import { runCli } from './main';
import { processIo } from './io';

/**
 * Exits once the command is done: a detached launch leaves the Modal SDK's channel open, which
 * would otherwise keep the process alive (stdout is flushed before the exit).
 */
function exit(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
}

const fail = (err: unknown): void => {
  process.stderr.write(`finetune-embeddings: ${err instanceof Error ? err.message : String(err)}\n`);
  exit(1);
};

// A last line of defence: a bug in a background task prints one line, never a stack trace.
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);
runCli(process.argv.slice(2), processIo).then(exit, fail);
