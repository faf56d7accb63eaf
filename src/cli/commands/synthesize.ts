import { relative } from 'node:path';
import { SYNTH_JSON_KEYS } from '../../core/synthesize/runSynthesize';
import type { SynthResult } from '../../core/synthesize/runSynthesize';
import { synthesizeStep } from '../../core/synthesize/synthesizeStep';
import { VllmStartCancelledError } from '../../core/synthesize/vllmServer';
import { cliModalConnection, localPython, TEMPLATE_DIR } from '../backends';
import type { Io } from '../io';
import { readJob } from '../inputs';

const PROGRESS = '[fte] ';

/**
 * `synthesize CONFIG [--json]`: training pairs from the documents dataset.synthesize names.
 * The plan (chunks, LLM calls, tokens, cost) and progress (counts, rate, ETA) go to stderr; Ctrl-C
 * cancels (the cache keeps what was done, and a modal generator's GPU sandbox is stopped).
 * Exit 1 on a config or data error, 2 when the step cannot run.
 */
export async function synthesizeCommand(file: string | undefined, json: boolean, io: Io): Promise<number> {
  if (!file) {
    io.err('synthesize: name a config file with dataset.synthesize, e.g. finetune-embeddings synthesize docs.finetune.yaml');
    return 2;
  }
  const job = readJob(file, io, 'synthesize: fix the errors above first.');
  if (typeof job === 'string') return job === 'unreadable' ? 2 : 1;
  const resolved = { job };
  if (!resolved.job.dataset.synthesize) {
    io.err(`synthesize: ${file} has no dataset.synthesize section. Add one, e.g.\n  dataset:\n    synthesize:\n      documents: docs/**/*.md\n      generator: ict\n      out: data/synthetic.jsonl`);
    return 1;
  }
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    const step = await synthesizeStep(resolved.job, {
      python: await localPython(), templateDir: TEMPLATE_DIR, signal: abort.signal, modal: cliModalConnection(),
      onLine: (line) => { if (line.startsWith(PROGRESS)) io.err(line.slice(PROGRESS.length)); },
      onSandbox: (id) => io.err(`generator sandbox ${id} (Ctrl-C stops it)`),
    });
    if (step.status !== 'done') return 1;
    const result = step.result;
    if (json) io.out(JSON.stringify(shape(result), null, 2));
    else printText(result, io);
    return 0;
  } catch (err) {
    if (abort.signal.aborted || err instanceof VllmStartCancelledError) {
      io.err('synthesize: cancelled; a rerun resumes from the cache.');
      return 130;
    }
    io.err(`synthesize: ${(err as Error).message}`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** The documented keys first, then the rest (keep rate, drop reasons, the other files). */
function shape(r: SynthResult): Record<string, unknown> {
  const first = Object.fromEntries(SYNTH_JSON_KEYS.map((k) => [k, r[k]]));
  return { ...first, ...r };
}

function printText(r: SynthResult, io: Io): void {
  const rate = r.keep_rate === null ? '—' : `${(r.keep_rate * 100).toFixed(0)}%`;
  io.out(`${r.documents} documents -> ${r.chunks} chunks (${r.cached} cached, ${r.generated} generated)`);
  io.out(`queries: ${r.kept} kept, ${r.dropped} dropped (keep rate ${rate}; ${Object.entries(r.dropped_by).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  io.out(`training pairs: ${r.train_rows} in ${relative(process.cwd(), r.out)}`);
  if (r.test_out) io.out(`test: ${r.test_documents} held-out documents, ${r.test_frozen ? 'questions frozen earlier (unchanged)' : `${r.test_rows} questions, now frozen`} in ${relative(process.cwd(), r.test_out)}`);
  else io.out('test: your real questions in dataset.eval (every document trains)');
}
