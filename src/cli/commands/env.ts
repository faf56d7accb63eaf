import { defaultCacheDir, ensureTrainingEnv, findTrainingEnv, templateRequirements, TrainingEnvError } from '../../core/pyenv/trainingEnv';
import type { TrainingEnvOptions } from '../../core/pyenv/trainingEnv';
import { TEMPLATE_DIR } from '../backends';
import type { Io } from '../io';

export function trainingEnvOptions(io?: Io, verbose = false): TrainingEnvOptions {
  return {
    root: defaultCacheDir(),
    ...templateRequirements(TEMPLATE_DIR),
    onStep: io ? (m) => io.err(`[env] ${m}`) : undefined,
    onLine: io && verbose ? (l) => io.err(`  ${l}`) : undefined,
  };
}

/**
 * `env [--check] [--json]`: the local training environment's interpreter, built first when
 * missing (unless --check, which only says whether it is there: exit 1 when not).
 */
export async function envCommand(check: boolean, json: boolean, verbose: boolean, io: Io): Promise<number> {
  const opts = trainingEnvOptions(io, verbose);
  try {
    const env = check ? await findTrainingEnv(opts) : await ensureTrainingEnv(opts);
    if (!env) {
      io.err(`env: no training environment for these requirements in ${opts.root}; create it with: finetune-embeddings env`);
      return 1;
    }
    if (json) io.out(JSON.stringify({ python: env.python, dir: env.dir, key: env.key, torch: env.torch, created: env.created, seconds: env.seconds, versions: env.versions }, null, 2));
    else io.out(env.python);
    if (env.created) io.err(`[env] ready in ${env.seconds.toFixed(1)} s: ${env.dir}`);
    return 0;
  } catch (err) {
    if (!(err instanceof TrainingEnvError)) throw err;
    io.err(`env: ${err.message}`);
    if (err.tail.length) io.err(`  last lines:\n${err.tail.map((l) => `    ${l}`).join('\n')}`);
    if (err.logFile) io.err(`  full log: ${err.logFile}`);
    io.err('  What to do: check the network access to the Python package index, then run `finetune-embeddings env` again.');
    return 1;
  }
}
