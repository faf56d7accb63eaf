import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from '../config/diagnostic';
import type { ValidateOptions } from '../config/validate';
import { resolveJob } from '../job/resolveJob';
import { PythonToolError, runPythonTool } from '../pyenv/runPythonTool';
import type { DoctorResult } from './doctorResult';
import { doctorOutputSchema } from './doctorResult';

export interface DoctorInput {
  /** The config file's path (relative paths in it resolve beside it). */
  path: string;
  text: string;
}

/** Per config: the doctor's result, or the config diagnostics that stopped it from running. */
export type DoctorOutcome = { ok: true; result: DoctorResult } | { ok: false; diagnostics: Diagnostic[] };

export interface RunDoctorOptions {
  python: string;
  templateDir: string;
  validate?: ValidateOptions;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  onLine?(line: string): void;
}

/**
 * Runs gpu-templates/doctor.py once for every config that resolves into a job (one Python
 * process: the libraries load once). Configs with errors are not checked: their diagnostics
 * come back instead. Throws PythonToolError when the tool cannot run or prints nonsense.
 */
export async function runDoctor(inputs: readonly DoctorInput[], o: RunDoctorOptions): Promise<DoctorOutcome[]> {
  const resolved = inputs.map((i) => resolveJob(i.text, i.path, o.validate));
  const jobs = resolved.flatMap((r, i) => (r.ok ? [{ i, job: r.job }] : []));
  const outcomes: DoctorOutcome[] = resolved.map((r) => (r.ok ? { ok: true, result: { findings: [], stats: {} } } : { ok: false, diagnostics: r.diagnostics }));
  if (jobs.length === 0) return outcomes;
  const dir = mkdtempSync(join(tmpdir(), 'fte-doctor-'));
  try {
    const args = jobs.flatMap(({ i, job }) => {
      const file = join(dir, `job-${i}.json`);
      writeFileSync(file, JSON.stringify(job));
      return ['--job', file];
    });
    const raw = await runPythonTool<unknown>({ python: o.python, templateDir: o.templateDir, script: 'doctor.py', args, env: o.env, signal: o.signal, onLine: o.onLine });
    const parsed = doctorOutputSchema.safeParse(raw);
    if (!parsed.success || parsed.data.results.length !== jobs.length) {
      throw new PythonToolError(`doctor.py printed an unexpected result: ${parsed.success ? `${parsed.data.results.length} results for ${jobs.length} configs` : parsed.error.issues[0]?.message}`, []);
    }
    jobs.forEach(({ i }, n) => { outcomes[i] = { ok: true, result: parsed.data.results[n]! }; });
    return outcomes;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
