import { parseArgs } from 'node:util';
import { validateCommand } from './commands/validate';
import { pairingsCommand } from './commands/pairings';
import { initCommand } from './commands/init';
import { jobCommand } from './commands/job';
import { launchCommand } from './commands/launch';
import { runsCommand } from './commands/runs';
import { cancelCommand } from './commands/cancel';
import { logsCommand } from './commands/logs';
import { envCommand } from './commands/env';
import { tryCommand } from './commands/try';
import { exportCommand } from './commands/export';
import { downloadCommand } from './commands/download';
import { doctorCommand } from './commands/doctor';
import { reportCommand } from './commands/report';
import { bakeoffCommand } from './commands/bakeoff';
import { synthesizeCommand } from './commands/synthesize';
import type { Io } from './io';

export const USAGE = `finetune-embeddings — fine-tune sentence-transformers embedding models

Usage:
  finetune-embeddings validate FILE... [--json]   check configs (exit 1 on errors)
  finetune-embeddings doctor CONFIG... [--json]   check the data a config names, as training will read it (exit 1 on errors)
  finetune-embeddings synthesize CONFIG [--json]  training pairs from the documents dataset.synthesize names (progress on stderr)
  finetune-embeddings pairings [--task T] [--json] tasks with their format, losses, evaluators
  finetune-embeddings init --task T [--out FILE]  write a commented starter config
  finetune-embeddings job FILE --json             the resolved job spec for the GPU template
  finetune-embeddings launch FILE [--backend modal|local] [--detach] [--allow-remote-code]
                                                  start a run; without --detach, follow it (exit 0 if it completed);
                                                  a model with trust_remote_code needs --allow-remote-code
  finetune-embeddings runs [--json]               runs recorded in .finetune/runs
  finetune-embeddings report RUN [--json]         the test set's base and fine-tuned score, the gain with its 95% interval
  finetune-embeddings bakeoff CONFIG [--models ID,ID,...] [--backend local|modal] [--json]
                                                  candidate base models scored zero-shot on the config's test split, best first
                                                  (modal: one GPU sandbox per candidate, the cost printed first)
  finetune-embeddings cancel RUN                  stop a run (terminates its GPU sandbox)
  finetune-embeddings logs RUN [--follow]         a run's log and events
  finetune-embeddings env [--check] [--json] [--verbose]
                                                  the local training environment (built when missing); prints its python
  finetune-embeddings try RUN --query TEXT [--text2 TEXT] [--k N] [--json]
                                                  top-k of the run's corpus, base vs fine-tuned model
  finetune-embeddings export RUN --format onnx --out DIR [--json]
                                                  ONNX model + parity check vs PyTorch (recorded with the run)
  finetune-embeddings download RUN                a Modal run's model from the volume into .finetune/runs/RUN/model
`;

/** Runs the CLI and returns its exit code; never throws for user errors. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, task: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' }, backend: { type: 'string' }, detach: { type: 'boolean' }, follow: { type: 'boolean', short: 'f' }, check: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
        query: { type: 'string', short: 'q' }, text2: { type: 'string' }, k: { type: 'string', short: 'k' }, format: { type: 'string' }, models: { type: 'string' }, 'allow-remote-code': { type: 'boolean' } },
    });
  } catch (err) {
    io.err(`${command ?? 'finetune-embeddings'}: ${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  switch (command) {
    case 'validate': return validateCommand(positionals, values.json === true, io);
    case 'doctor': return doctorCommand(positionals, values.json === true, io);
    case 'synthesize': return synthesizeCommand(positionals[0], values.json === true, io);
    case 'pairings': return pairingsCommand(values.task, values.json === true, io);
    case 'init': return initCommand(values.task, values.out, values.force === true, io);
    case 'job': return jobCommand(positionals[0], io);
    case 'launch': return launchCommand(positionals[0], values.backend, values.detach === true, io, values['allow-remote-code'] === true);
    case 'runs': return runsCommand(values.json === true, io);
    case 'report': return reportCommand(positionals[0], values.json === true, io);
    case 'bakeoff': return bakeoffCommand(positionals[0], { models: values.models, backend: values.backend, json: values.json === true }, io);
    case 'cancel': return cancelCommand(positionals[0], io);
    case 'logs': return logsCommand(positionals[0], values.follow === true, io);
    case 'env': return envCommand(values.check === true, values.json === true, values.verbose === true, io);
    case 'try': return tryCommand(positionals[0], { query: values.query, text2: values.text2, k: values.k, json: values.json === true }, io);
    case 'export': return exportCommand(positionals[0], values.format, values.out, values.json === true, io);
    case 'download': return downloadCommand(positionals[0], io);
    case undefined: case 'help': case '--help': case '-h':
      io.out(USAGE);
      return 0;
    default:
      io.err(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}
