import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LaunchCancelledError, type JobBackend, type LaunchRequest, type ReattachResult, type ResumeCursor, type RunCallbacks, type RunHandle } from '../jobBackend';
import { DEFAULT_PROGRAM, programArgs } from '../program';
import { EXIT_RECORDER_PY, localLayout, sharedRunDir } from './localLayout';
import { LocalRunHandle } from './localRunHandle';
import { NONCE_ENV, newRunNonce, provesRunGroup } from './processProof';
import { isRunId } from '../../runs/runId';

export interface LocalBackendOptions {
  /** The Python interpreter that has sentence-transformers (a setting, the Python extension's, or python3). */
  python: string;
  /** Where run working folders go: <runsDir>/<runId>/local. */
  runsDir: string;
  pollMs?: number;
}

/** Runs the GPU template as a local process (CPU, CUDA or MPS, whichever the template finds). */
export function createLocalBackend(options: LocalBackendOptions): JobBackend {
  const workDirOf = (runId: string) => join(options.runsDir, runId, 'local');
  return {
    kind: 'local',
    async launch(req: LaunchRequest, cb: RunCallbacks): Promise<RunHandle> {
      cb.onPhase?.('preparing');
      const layout = localLayout(workDirOf(req.runId));
      for (const [rel, text] of Object.entries(req.templateFiles)) {
        const dest = join(layout.templateDir, rel);
        mkdirSync(dirname(dest), { recursive: true });
        writeFileSync(dest, text);
      }
      mkdirSync(layout.runDir, { recursive: true });
      const jobPath = join(layout.workDir, 'job.json');
      writeFileSync(jobPath, JSON.stringify({ ...req.job, compute: { ...req.job.compute, backend: 'local' } }, null, 2));
      const program = req.program ?? DEFAULT_PROGRAM;
      const runDir = program.runDirId ? sharedRunDir(options.runsDir, program.runDirId) : layout.runDir;
      mkdirSync(runDir, { recursive: true });
      const entry = req.entrypoint ?? programArgs(program, req.runId, jobPath, runDir);
      if (req.cancelRequested?.()) throw new LaunchCancelledError();
      const nonce = newRunNonce();
      writeFileSync(layout.nonce, nonce); // before the process exists: a follower never sees a pid without it
      const out = openSync(layout.stdout, 'a');
      const err = openSync(layout.stderr, 'a');
      cb.onPhase?.('starting');
      const child = spawn(options.python, ['-c', EXIT_RECORDER_PY, layout.exitCode, options.python, '-u', join(layout.templateDir, entry.script), ...entry.args], {
        cwd: layout.templateDir,
        detached: true, // survives a window reload; followed through its output files
        stdio: ['ignore', out, err],
        env: { ...process.env, ...req.secretEnv, PYTHONUNBUFFERED: '1', FTE_RUN_ID: req.runId, [NONCE_ENV]: nonce, HF_HUB_DISABLE_PROGRESS_BARS: '1' },
      });
      closeSync(out);
      closeSync(err);
      const pid = await new Promise<number>((resolve, reject) => {
        child.once('spawn', () => resolve(child.pid!));
        child.once('error', (e) => reject(new Error(`Could not start ${options.python}: ${e.message}. Set "finetuneEmbeddings.local.pythonPath" to a Python 3 interpreter.`)));
      });
      child.unref();
      writeFileSync(layout.pid, String(pid));
      writeFileSync(layout.startedAt, new Date().toISOString());
      cb.onPhase?.('running');
      return new LocalRunHandle(layout, { pid, nonce }, req.job.compute.timeout_minutes, cb, { stdoutLines: 0, stderrLines: 0 }, options.pollMs, child);
    },
    async reattach(ref: string, cb: RunCallbacks, cursor?: ResumeCursor): Promise<ReattachResult> {
      // The ref, pid and nonce all come from files in the workspace: read, never trusted.
      const runId = ref.replace(/^local:/, '');
      if (!isRunId(runId)) return { status: 'lost', reason: `"${ref.slice(0, 80)}" is not a local run reference.` };
      const layout = localLayout(workDirOf(runId));
      if (!existsSync(layout.pid)) return { status: 'lost', reason: `No local run folder for ${runId}.` };
      const pid = Number(readFileSync(layout.pid, 'utf8').trim());
      const nonce = existsSync(layout.nonce) ? readFileSync(layout.nonce, 'utf8').trim() : undefined;
      if (!existsSync(layout.exitCode)) {
        const proof = provesRunGroup(pid, nonce);
        if (!proof.owned) return { status: 'lost', reason: `The run's process is not running and recorded no exit code (${proof.reason}).` };
      }
      const job = JSON.parse(readFileSync(join(layout.workDir, 'job.json'), 'utf8')) as LaunchRequest['job'];
      const handle = new LocalRunHandle(layout, { pid, nonce }, job.compute.timeout_minutes, cb, cursor ?? { stdoutLines: 0, stderrLines: 0 }, options.pollMs);
      return { status: 'attached', handle };
    },
  };
}
