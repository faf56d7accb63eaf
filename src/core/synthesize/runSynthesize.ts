import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import type { JobSpec } from '../job/jobSpec';
import { PythonToolError, runPythonTool } from '../pyenv/runPythonTool';
import { synthPlanSchema, type SynthPlan } from './synthCost';

/** What gpu-templates/synthesize.py prints last (validated: it crosses a process boundary). */
export const synthResultSchema = z.object({
  /** Every chunk of the documents; cached + generated. */
  chunks: z.number().int(),
  /** Chunks whose queries came from the cache (or the frozen test set). */
  cached: z.number().int(),
  /** Chunks generated in this run. */
  generated: z.number().int(),
  /** Queries kept / dropped by deduplication and the round-trip filter. */
  kept: z.number().int(),
  dropped: z.number().int(),
  out: z.string(),
  /** Held-out documents (0 when dataset.eval holds real questions). */
  test_documents: z.number().int(),
  documents: z.number().int(),
  keep_rate: z.number().nullable(),
  dropped_by: z.record(z.string(), z.number()),
  train_rows: z.number().int(),
  test_rows: z.number().int(),
  test_out: z.string().nullable(),
  test_frozen: z.boolean(),
  chunks_out: z.string(),
  seconds: z.number(),
});
export type SynthResult = z.infer<typeof synthResultSchema>;

/** The documented keys of `synthesize --json`, in order. */
export const SYNTH_JSON_KEYS = ['chunks', 'cached', 'generated', 'kept', 'dropped', 'out', 'test_documents'] as const;

export interface RunSynthesizeOptions {
  python: string;
  templateDir: string;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** Progress lines (counts, rate, ETA) as synthesize.py prints them. */
  onLine?(line: string): void;
}

/** Runs gpu-templates/synthesize.py for a job with dataset.synthesize. Throws PythonToolError with the tool's own message. */
export function runSynthesize(job: JobSpec, o: RunSynthesizeOptions): Promise<SynthResult> {
  return runTool(job, [], synthResultSchema, o);
}

/** synthesize.py --plan: what a run would generate and spend, generating nothing. */
export function planSynthesize(job: JobSpec, o: RunSynthesizeOptions): Promise<SynthPlan> {
  return runTool(job, ['--plan'], synthPlanSchema, o);
}

async function runTool<T>(job: JobSpec, extra: string[], schema: z.ZodType<T>, o: RunSynthesizeOptions): Promise<T> {
  if (!job.dataset.synthesize) throw new PythonToolError('The config has no dataset.synthesize section: add one (documents, chunk, generator, out) to make training pairs from documents.', []);
  const dir = mkdtempSync(join(tmpdir(), 'fte-synth-'));
  try {
    const file = join(dir, 'job.json');
    writeFileSync(file, JSON.stringify(job));
    const raw = await runPythonTool<unknown>({ python: o.python, templateDir: o.templateDir, script: 'synthesize.py', args: ['--job', file, ...extra], env: o.env, signal: o.signal, onLine: o.onLine });
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw new PythonToolError(`synthesize.py printed an unexpected result: ${parsed.error.issues[0]?.message}`, []);
    return parsed.data;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
