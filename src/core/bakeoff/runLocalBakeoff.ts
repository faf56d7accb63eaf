import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobSpec } from '../job/jobSpec';
import { PythonToolError, runPythonTool } from '../pyenv/runPythonTool';
import type { BakeoffOutput, Candidate, CandidateRow } from './bakeoffResult';
import { bakeoffOutputSchema, candidateRowSchema } from './bakeoffResult';

export const ROW_MARKER = '@@fte-bakeoff@@ ';
const PROGRESS = '[fte] ';

export interface LocalBakeoffOptions {
  python: string;
  templateDir: string;
  job: JobSpec;
  candidates: readonly Candidate[];
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** "Candidate 2/3: BAAI/bge-small-en-v1.5" and other progress lines. */
  onProgress?(message: string): void;
  /** Each candidate's row as soon as it is scored. */
  onRow?(row: CandidateRow): void;
}

/** One line of bakeoff.py's output: a candidate's row, a progress message, or noise (null). */
export function parseBakeoffLine(line: string): { row: CandidateRow } | { progress: string } | null {
  if (line.startsWith(ROW_MARKER)) {
    try {
      const row = candidateRowSchema.safeParse(JSON.parse(line.slice(ROW_MARKER.length)));
      return row.success ? { row: row.data } : null;
    } catch {
      return null;
    }
  }
  return line.startsWith(PROGRESS) ? { progress: line.slice(PROGRESS.length) } : null;
}

/**
 * Scores the candidates in one local Python process (gpu-templates/bakeoff.py): the test set is
 * built once, the models load one at a time. Aborting the signal stops the process (Cancel).
 */
export async function runLocalBakeoff(o: LocalBakeoffOptions): Promise<BakeoffOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'fte-bakeoff-'));
  try {
    const jobFile = join(dir, 'job.json');
    const candidatesFile = join(dir, 'candidates.json');
    writeFileSync(jobFile, JSON.stringify(o.job));
    writeFileSync(candidatesFile, JSON.stringify(o.candidates));
    const raw = await runPythonTool<unknown>({
      python: o.python, templateDir: o.templateDir, script: 'bakeoff.py', env: o.env, signal: o.signal,
      args: ['--job', jobFile, '--candidates', `@${candidatesFile}`, '--backend', 'local'],
      onLine: (line) => {
        const parsed = parseBakeoffLine(line);
        if (parsed && 'row' in parsed) o.onRow?.(parsed.row);
        else if (parsed) o.onProgress?.(parsed.progress);
      },
    });
    const parsed = bakeoffOutputSchema.safeParse(raw);
    if (!parsed.success) throw new PythonToolError(`bakeoff.py printed an unexpected result: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`, []);
    return parsed.data;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
