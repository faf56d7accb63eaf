import { existsSync, readFileSync } from 'node:fs';
import type { JobSpec } from '../core/job/jobSpec';
import { resolveJob } from '../core/job/resolveJob';
import { formatDiagnostic } from './format';
import { resolve } from 'node:path';
import type { RunMeta } from '../core/runs/runMeta';
import type { RunStore } from '../core/runs/runStore';
import { InvalidRunIdError, isRunId } from '../core/runs/runId';
import type { Io } from './io';

/** Reads a file the user named; on failure says which and why, and returns undefined. */
export function readUserFile(file: string, io: Io): { path: string; text: string } | undefined {
  const path = resolve(file);
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (err) {
    io.err(`${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    return undefined;
  }
}

/** The run a user named by id or unique prefix; on failure says so, and returns undefined. */
export function findRun(command: string, store: RunStore, idArg: string | undefined, io: Io): RunMeta | undefined {
  if (idArg !== undefined && !isRunId(idArg)) {
    io.err(`${command}: ${new InvalidRunIdError(idArg).message}`);
    return undefined;
  }
  const id = idArg ? store.resolveId(idArg) : undefined;
  const meta = id ? store.readMeta(id) : undefined;
  if (!meta) io.err(`${command}: ${idArg ? `no run "${idArg}" in .finetune/runs` : 'name a run id (see finetune-embeddings runs)'}.`);
  return meta;
}

/**
 * The job a config file resolves to. When the file cannot be read ('unreadable') or has errors
 * ('invalid': each printed compiler-style, then `fixHint`), says so and returns why; the caller
 * picks its exit code.
 */
export function readJob(file: string, io: Io, fixHint: string): JobSpec | 'unreadable' | 'invalid' {
  const input = readUserFile(file, io);
  if (!input) return 'unreadable';
  const resolved = resolveJob(input.text, input.path, { fileExists: existsSync });
  if (resolved.ok) return resolved.job;
  for (const d of resolved.diagnostics.filter((x) => x.severity === 'error')) io.err(formatDiagnostic(file, d));
  io.err(fixHint);
  return 'invalid';
}
