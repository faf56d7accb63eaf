import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Values a run name, path or volume could hold that a shell would act on if left unquoted. */
export const HOSTILE = [
  '$(touch PWNED)',
  '`touch PWNED`',
  "it's; touch PWNED",
  '"; touch PWNED; echo "',
  'a b  c',
  '<your-hf-user>',
  '>PWNED',
  'x | touch PWNED',
  'x & touch PWNED',
  '$HOME ${HOME} ~',
  '*',
  "''",
  '\\',
  'line1\ntouch PWNED',
  '-n',
  '',
  'ünïcødé ✓',
];

/**
 * Runs `script` with the real /bin/sh in an empty folder; returns its stdout and what it created
 * there. Each name in `stubs` is a program on PATH that prints its name and then each argument
 * in brackets, one per line, and succeeds.
 */
export function runSh(script: string, stubs: string[] = []): { out: string; created: string[] } {
  const root = mkdtempSync(join(tmpdir(), 'shq-'));
  const cwd = join(root, 'cwd');
  const bin = join(root, 'bin');
  mkdirSync(cwd);
  mkdirSync(bin);
  for (const name of stubs) {
    writeFileSync(join(bin, name), `#!/bin/sh\nprintf '%s\\n' ${name}\nfor a in "$@"; do printf '[%s]\\n' "$a"; done\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const out = execFileSync('/bin/sh', ['-c', script], { cwd, encoding: 'utf8', env: { PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, HOME: cwd } });
  return { out, created: readdirSync(cwd) };
}
