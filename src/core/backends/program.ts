/**
 * Which template program a launch runs. Backends turn it into an argument array with their
 * own job-file path and run folder, so no caller (and no config value) ever writes a command.
 */
export interface ProgramSpec {
  script: 'finetune.py' | 'sweep.py';
  /** sweep.py's coordinator mode: serve the study storage instead of running trials. */
  mode?: 'serve-storage';
  /** Run folder key when several launches share one (a sweep's workers); default: the run id. */
  runDirId?: string;
  /** run_id written into events; default: the run id. */
  eventRunId?: string;
  extraArgs?: string[];
}

export const DEFAULT_PROGRAM: ProgramSpec = { script: 'finetune.py' };

export function programArgs(program: ProgramSpec, runId: string, jobPath: string, runDir: string): { script: string; args: string[] } {
  const extra = program.extraArgs ?? [];
  if (program.mode === 'serve-storage') return { script: program.script, args: ['serve-storage', '--run-dir', runDir, ...extra] };
  return { script: program.script, args: ['--job', jobPath, '--run-dir', runDir, '--run-id', program.eventRunId ?? runId, ...extra] };
}
