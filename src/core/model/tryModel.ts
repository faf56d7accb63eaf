/** Try it, one shot (the CLI): try_model.py in the training environment, its JSON validated. */
import { MAX_TRY_K as MAX_K, tryResultSchema } from '../../protocol/tryModels';
import type { TryResult } from '../../protocol/tryModels';
import { PythonToolError, runPythonTool } from '../pyenv/runPythonTool';
import type { RunModel } from './runModel';

export const TRY_SCRIPT = 'try_model.py';

export interface TryRequest {
  query: string;
  /** Pairs tasks: the pair's second text, for both similarities and the threshold decision. */
  text2?: string | null;
  k: number;
}

/** What any try_model.py run needs: the run's job, the model folder, its cache, the thresholds. */
export function tryBaseArgs(m: RunModel, modelPath: string): string[] {
  const args = ['--job', m.jobPath, '--model', modelPath];
  if (m.runDir) args.push('--run-dir', m.runDir);
  if (m.thresholds?.base !== null && m.thresholds?.base !== undefined) args.push('--base-threshold', String(m.thresholds.base));
  if (m.thresholds?.finetuned !== null && m.thresholds?.finetuned !== undefined) args.push('--finetuned-threshold', String(m.thresholds.finetuned));
  return args;
}

/** A bad k or an empty query, in words; undefined when the request is fine. */
export function checkTryRequest(r: TryRequest): string | undefined {
  if (!r.query.trim()) return 'The query is empty: type a question or a text to search the held-out corpus for.';
  if (!Number.isInteger(r.k) || r.k < 1 || r.k > MAX_K) return `k must be a whole number from 1 to ${MAX_K}, got ${r.k}.`;
  return undefined;
}

export interface TryOnceOptions {
  python: string;
  templateDir: string;
  model: RunModel;
  modelPath: string;
  request: TryRequest;
  onLine?(line: string): void;
  signal?: AbortSignal;
}

export async function tryOnce(o: TryOnceOptions): Promise<TryResult> {
  const args = [...tryBaseArgs(o.model, o.modelPath), '--query', o.request.query, '--k', String(o.request.k)];
  if (o.request.text2) args.push('--text2', o.request.text2);
  const raw = await runPythonTool<unknown>({ python: o.python, templateDir: o.templateDir, script: TRY_SCRIPT, args, onLine: o.onLine, signal: o.signal });
  const parsed = tryResultSchema.safeParse(raw);
  if (!parsed.success) throw new PythonToolError(`${TRY_SCRIPT} printed an unexpected result: ${parsed.error.issues[0]?.message ?? 'invalid'}`, []);
  return parsed.data;
}

/** "Answered in 11234 ms (search 109 ms)": the wait the user had, and the models' own search time within it. */
export function answeredIn(wallMs: number, answers: ReadonlyArray<{ result: { query_ms: number } | null }>): string {
  const search = Math.max(0, ...answers.map((a) => a.result?.query_ms ?? 0));
  return `Answered in ${Math.max(0, wallMs).toFixed(0)} ms (search ${search.toFixed(0)} ms).`;
}
