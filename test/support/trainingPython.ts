import { spawnSync } from 'node:child_process';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * The training environment's interpreter (torch, sentence-transformers, ...): npm test passes it
 * as FTE_PYTHON; otherwise the one `finetune-embeddings env` built. Never a silent skip: a test
 * that trains fails with what to do when there is none.
 */
export function trainingPython(): string {
  if (process.env.FTE_PYTHON) return process.env.FTE_PYTHON;
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'env', '--check'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`No training environment (${r.stderr.trim() || r.error}); npm test builds it, or run \`node dist/cli.js env\`.`);
  return r.stdout.trim();
}
