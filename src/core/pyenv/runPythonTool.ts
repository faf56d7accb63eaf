import { join } from 'node:path';
import { runLogged } from './runLogged';

export class PythonToolError extends Error {
  constructor(message: string, readonly tail: string[]) {
    super(message);
    this.name = 'PythonToolError';
  }
}

export interface PythonToolOptions {
  /** The training environment's interpreter (or the user's). */
  python: string;
  /** gpu-templates/ (the packaged or the repository copy). */
  templateDir: string;
  /** A script in templateDir, e.g. "doctor.py". */
  script: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** Each stderr/stdout line as it arrives (progress). */
  onLine?(line: string): void;
}

/** The environment every tool runs with: unbuffered output, no download progress bars. */
export function toolEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, PYTHONUNBUFFERED: '1', HF_HUB_DISABLE_PROGRESS_BARS: '1', TOKENIZERS_PARALLELISM: 'false' };
}

/**
 * Runs one of the templates' Python tools (doctor, try, export, ...) in the training
 * environment and returns the JSON object it prints as its last stdout line. Any other
 * output is progress or library noise. A non-zero exit, or no JSON, is a PythonToolError
 * carrying the tool's own last lines; a tool that fails in a known way prints
 * {"error": "...", "hint": "..."} as its last line and exits 1, which becomes the message.
 */
export async function runPythonTool<T>(o: PythonToolOptions): Promise<T> {
  const r = await runLogged(o.python, ['-u', join(o.templateDir, o.script), ...o.args], {
    env: toolEnv(o.env),
    onLine: o.onLine,
    signal: o.signal,
    tailLines: 30,
  });
  if (r.spawnError) throw new PythonToolError(`Could not start ${o.python}: ${r.spawnError}. Create the local environment (finetune-embeddings env) or set the Python interpreter.`, []);
  const last = r.output.trimEnd().split('\n').reverse().find((l) => l.trimStart().startsWith('{'));
  let parsed: (T & { error?: string; hint?: string }) | undefined;
  try {
    parsed = last ? (JSON.parse(last) as T & { error?: string; hint?: string }) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed.error === 'string') throw new PythonToolError(parsed.hint ? `${parsed.error} ${parsed.hint}` : parsed.error, r.tail);
  if (r.code !== 0 || !parsed) {
    throw new PythonToolError(`${o.script} ${r.code === 0 ? 'printed no result' : `exited with code ${r.code}`}. Its last lines:\n${r.tail.join('\n')}`, r.tail);
  }
  return parsed;
}
