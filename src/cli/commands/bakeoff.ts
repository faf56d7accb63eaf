import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { parseModelList, bakeoffCandidates } from '../../core/bakeoff/candidates';
import { BakeoffStore } from '../../core/bakeoff/bakeoffStore';
import { rankBakeoff } from '../../core/bakeoff/rankBakeoff';
import { runLocalBakeoff } from '../../core/bakeoff/runLocalBakeoff';
import { resolveJob } from '../../core/job/resolveJob';
import { PythonToolError } from '../../core/pyenv/runPythonTool';
import { localPython, TEMPLATE_DIR } from '../backends';
import { bakeoffJson, bakeoffText } from '../bakeoffText';
import { formatDiagnostic } from '../format';
import type { Io } from '../io';
import { readUserFile } from '../inputs';

export interface BakeoffArgs {
  models: string | undefined;
  json: boolean;
}

/**
 * `bakeoff CONFIG [--models ID,ID,...] [--json]`: candidate base models scored zero-shot on the
 * config's own test split and corpus, with the run's primary metric and a 95% interval, best
 * first; kept in .finetune/bakeoffs/. Exit 1 when no candidate could be scored, 2 on bad input.
 */
export async function bakeoffCommand(file: string | undefined, a: BakeoffArgs, io: Io): Promise<number> {
  if (!file) {
    io.err('bakeoff: name a config file, e.g. finetune-embeddings bakeoff examples/quickstart.finetune.yaml --models sentence-transformers/all-MiniLM-L6-v2,BAAI/bge-small-en-v1.5');
    return 2;
  }
  let given: string[] | undefined;
  if (a.models !== undefined) {
    const list = parseModelList(a.models);
    if (!list.ok) {
      io.err(`bakeoff: ${list.message}`);
      return 2;
    }
    given = list.models;
  }
  const input = readUserFile(file, io);
  if (!input) return 2;
  const resolved = resolveJob(input.text, input.path, { fileExists: existsSync });
  if (!resolved.ok) {
    for (const d of resolved.diagnostics.filter((x) => x.severity === 'error')) io.err(formatDiagnostic(file, d));
    io.err(`${file}: the bake-off needs a valid config (its data and evaluator); fix the errors above.`);
    return 2;
  }
  const job = resolved.job;
  const candidates = bakeoffCandidates(job.model, given);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  let output;
  try {
    output = await runLocalBakeoff({
      python: await localPython(), templateDir: TEMPLATE_DIR, job, candidates, signal: abort.signal,
      onProgress: (m) => io.err(m),
      onRow: (row) => io.err('error' in row ? `  ${row.model}: failed — ${row.error}` : `  ${row.model}: ${row.score?.toFixed(4) ?? '—'}`),
    });
  } catch (err) {
    if (!(err instanceof PythonToolError)) throw err;
    io.err(`bakeoff: ${abort.signal.aborted ? 'cancelled.' : `the bake-off could not run: ${err.message}`}`);
    return abort.signal.aborted ? 130 : 2;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const ranked = rankBakeoff(output);
  const record = new BakeoffStore(process.cwd()).save(relative(process.cwd(), input.path), job, ranked);
  if (a.json) io.out(JSON.stringify(bakeoffJson(record), null, 2));
  else bakeoffText(record).forEach((l) => io.out(l));
  return ranked.recommended ? 0 : 1;
}
