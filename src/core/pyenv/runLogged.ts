import { spawn } from 'node:child_process';
import { LineSplitter } from '../events/lineSplitter';

export interface LoggedResult {
  code: number | null;
  /** The last lines of stdout and stderr together, for an error message. */
  tail: string[];
  /** Everything it printed (stdout and stderr interleaved as they arrived). */
  output: string;
  /** Why it could not run at all (e.g. ENOENT), if so. */
  spawnError?: string;
}

export interface RunLoggedOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  onLine?(line: string): void;
  signal?: AbortSignal;
  tailLines?: number;
}

/** Runs a command, hands on its output line by line, and keeps its tail for error messages. */
export function runLogged(cmd: string, args: string[], opts: RunLoggedOptions = {}): Promise<LoggedResult> {
  return new Promise((resolve) => {
    const keep = opts.tailLines ?? 25;
    const tail: string[] = [];
    let output = '';
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const onAbort = () => child.kill('SIGTERM');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    for (const stream of [child.stdout, child.stderr]) {
      const splitter = new LineSplitter();
      const take = (lines: string[]) => {
        for (const line of lines) {
          tail.push(line);
          if (tail.length > keep) tail.shift();
          opts.onLine?.(line);
        }
      };
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        output += chunk;
        take(splitter.push(chunk));
      });
      stream.on('end', () => take(splitter.flush()));
    }
    child.on('error', (err) => {
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ code: null, tail, output, spawnError: err.message });
    });
    child.on('close', (code) => {
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ code, tail, output });
    });
  });
}
