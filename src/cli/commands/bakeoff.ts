import { relative, resolve as resolvePath } from 'node:path';
import { parseModelList, bakeoffCandidates } from '../../core/bakeoff/candidates';
import { BakeoffStore } from '../../core/bakeoff/bakeoffStore';
import { rankBakeoff } from '../../core/bakeoff/rankBakeoff';
import { comparableRuns } from '../../core/bakeoff/comparableRuns';
import { RunStore } from '../../core/runs/runStore';
import { runLocalBakeoff } from '../../core/bakeoff/runLocalBakeoff';
import { PythonToolError } from '../../core/pyenv/runPythonTool';
import type { BakeoffOutput, Candidate, CandidateRow } from '../../core/bakeoff/bakeoffResult';
import { bakeoffCost } from '../../core/bakeoff/bakeoffCost';
import { BakeoffCancelledError, runModalBakeoff } from '../../core/bakeoff/runModalBakeoff';
import { LaunchInputError } from '../../core/backends/modal/modalErrors';
import type { JobSpec } from '../../core/job/jobSpec';
import { readDataset } from '../../core/runs/launchRun';
import { newRunId } from '../../core/runs/runId';
import { readRequirements, readTemplateFiles } from '../../core/runs/templateFiles';
import { cliModalConnection, localPython, TEMPLATE_DIR } from '../backends';
import { bakeoffJson, bakeoffText } from '../bakeoffText';
import type { Io } from '../io';
import { readJob } from '../inputs';

export interface BakeoffArgs {
  models: string | undefined;
  backend: string | undefined;
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
  if (a.backend !== undefined && a.backend !== 'local' && a.backend !== 'modal') {
    io.err(`bakeoff: --backend must be local or modal, not "${a.backend}".`);
    return 2;
  }
  const job = readJob(file, io, `${file}: the bake-off needs a valid config (its data and evaluator); fix the errors above.`);
  if (typeof job === 'string') return 2;
  const candidates = bakeoffCandidates(job.model, given);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  let output;
  try {
    const onRow = (row: CandidateRow) => io.err('error' in row ? `  ${row.model}: failed — ${row.error}` : `  ${row.model}: ${row.score?.toFixed(4) ?? '—'}`);
    output = a.backend === 'modal'
      ? await onModal(job, candidates, abort.signal, onRow, io)
      : await runLocalBakeoff({ python: await localPython(), templateDir: TEMPLATE_DIR, job, candidates, signal: abort.signal, onProgress: (m) => io.err(m), onRow });
  } catch (err) {
    if (err instanceof BakeoffCancelledError) {
      io.err('bakeoff: cancelled; every sandbox was stopped.');
      return 130;
    }
    if (err instanceof LaunchInputError) {
      io.err(`bakeoff: ${err.message}`);
      return 2;
    }
    if (!(err instanceof PythonToolError)) throw err;
    io.err(`bakeoff: ${abort.signal.aborted ? 'cancelled.' : `the bake-off could not run: ${err.message}`}`);
    return abort.signal.aborted ? 130 : 2;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  const ranked = rankBakeoff(output);
  const record = new BakeoffStore(process.cwd()).save(relative(process.cwd(), resolvePath(file)), job, ranked);
  const tuned = comparableRuns(record, new RunStore(process.cwd()));
  if (a.json) io.out(JSON.stringify(bakeoffJson(record, tuned), null, 2));
  else bakeoffText(record, tuned).forEach((l) => io.out(l));
  return ranked.recommended ? 0 : 1;
}

/** One GPU sandbox per candidate, the cost said first (the job's compute.gpu; Modal credentials as for launch). */
async function onModal(job: JobSpec, candidates: Candidate[], signal: AbortSignal, onRow: (row: CandidateRow) => void, io: Io): Promise<BakeoffOutput> {
  if (!job.compute.gpu) throw new LaunchInputError('compute.gpu is required to compare on Modal (e.g. gpu: L4); the bake-off runs one sandbox of it per candidate.');
  io.err(bakeoffCost(job, candidates.length).text);
  const { createModalBackend } = await import('../../core/backends/modal/modalBackend');
  return runModalBakeoff({
    backend: createModalBackend(cliModalConnection()), id: newRunId(`bakeoff-${job.name}`), job, candidates,
    templateFiles: readTemplateFiles(TEMPLATE_DIR), requirementsTxt: readRequirements(TEMPLATE_DIR),
    datasetFile: job.dataset.path ? readDataset(job.dataset.path) : undefined, signal,
    onProgress: (c, m) => io.err(`${c.model}: ${m}`), onRow, onSandbox: (c, ref) => io.err(`${c.model}: sandbox ${ref}`),
  });
}
