import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * Proof that a pid read from a run folder is the process group this extension started for that
 * run. The folder is workspace content (a stranger's repository can hold a pid file saying 1),
 * so a pid alone proves nothing. At launch the run's process gets a random nonce in its
 * environment, and the process group leader is the process we spawned (`detached: true`). Before
 * any signal, the pid must lead its own process group and carry that exact nonce: no other
 * process has it, so a planted pid file can only ever point at the run's own processes.
 */
export const NONCE_ENV = 'FTE_RUN_NONCE';

export function newRunNonce(): string {
  return randomBytes(16).toString('hex');
}

const NONCE = /^[0-9a-f]{32}$/;

/** A pid we may even consider: a positive integer, not init, not ourselves. */
export function isSignallablePid(pid: unknown): pid is number {
  return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 1 && pid !== process.pid;
}

export interface ProcessFacts {
  /** The process group id, or undefined when the process does not exist (or cannot be read). */
  pgid: number | undefined;
  /** Its environment, as NAME=value entries. */
  environ: string[];
}

/** What the OS says about a pid: /proc on Linux, `ps` elsewhere (macOS shows a process's environment to its owner with -E). */
export function processFacts(pid: number): ProcessFacts {
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses; split after the last ")".
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pgid = Number(fields[2]);
      const environ = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      return { pgid: Number.isInteger(pgid) ? pgid : undefined, environ };
    } catch {
      return { pgid: undefined, environ: [] };
    }
  }
  if (process.platform === 'win32') return { pgid: undefined, environ: [] };
  try {
    const pgid = Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000 }).trim());
    const line = execFileSync('ps', ['-E', '-ww', '-o', 'command=', '-p', String(pid)], { encoding: 'utf8', timeout: 5000 });
    return { pgid: Number.isInteger(pgid) && pgid > 0 ? pgid : undefined, environ: line.split(/\s+/) };
  } catch {
    return { pgid: undefined, environ: [] };
  }
}

export type Ownership = { owned: true } | { owned: false; reason: string };

/** Whether `pid` is alive and is the group leader of the run whose nonce is `nonce`. */
export function provesRunGroup(pid: unknown, nonce: unknown, facts: (pid: number) => ProcessFacts = processFacts): Ownership {
  if (!isSignallablePid(pid)) return { owned: false, reason: `pid ${String(pid)} is never signalled` };
  if (typeof nonce !== 'string' || !NONCE.test(nonce)) return { owned: false, reason: 'the run folder holds no launch nonce (started by an older version, or not by this extension)' };
  const f = facts(pid);
  if (f.pgid === undefined) return { owned: false, reason: `no process ${pid} is running` };
  if (f.pgid !== pid) return { owned: false, reason: `process ${pid} does not lead its own process group` };
  if (!f.environ.includes(`${NONCE_ENV}=${nonce}`)) return { owned: false, reason: `process ${pid} is not this run's (its launch nonce differs)` };
  return { owned: true };
}
