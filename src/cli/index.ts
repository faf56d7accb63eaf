import { runCli } from './main';
import { processIo } from './io';

process.exitCode = runCli(process.argv.slice(2), processIo);
