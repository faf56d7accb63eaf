import { join } from 'node:path';

/**
 * A local run's working folder (inside the run's store folder): the template's run dir, its
 * stdout/stderr captured to files so the run survives a window reload, and the exit code.
 */
export function localLayout(workDir: string) {
  return {
    workDir,
    templateDir: join(workDir, 'template'),
    runDir: join(workDir, 'output'),
    stdout: join(workDir, 'stdout.log'),
    stderr: join(workDir, 'stderr.log'),
    exitCode: join(workDir, 'exitcode'),
    pid: join(workDir, 'pid'),
    startedAt: join(workDir, 'started_at'),
    /** The random value in the run process's environment that proves a pid is this run's (processProof.ts). */
    nonce: join(workDir, 'nonce'),
  };
}

/** A run folder shared by several launches (a sweep's workers), beside the runs folder. */
export function sharedRunDir(runsDir: string, id: string): string {
  return join(runsDir, '..', 'shared', id);
}

export type LocalLayout = ReturnType<typeof localLayout>;

/**
 * Runs the template and records its exit code in a file, so whoever follows the run (this
 * window, or the next one after a reload) learns how it ended. A constant: no config value
 * ever becomes part of it.
 */
export const EXIT_RECORDER_PY = [
  'import os, signal, subprocess, sys',
  'exit_file, argv = sys.argv[1], sys.argv[2:]',
  'child = subprocess.Popen(argv)',
  'def stop(signum, frame):',
  '    child.send_signal(signum)',
  'signal.signal(signal.SIGTERM, stop)',
  'code = child.wait()',
  'with open(exit_file + ".tmp", "w") as f:',
  '    f.write(str(code if code >= 0 else 128 - code))',
  'os.replace(exit_file + ".tmp", exit_file)',
  'sys.exit(code if code >= 0 else 128 - code)',
].join('\n');
