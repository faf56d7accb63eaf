/**
 * Where a download is written and how it becomes the model: each download fills a folder of its
 * own (`<dest>.partial-<random>`, so two downloads of one model, from two windows or VS Code and
 * the CLI, never write into each other's files), writes the marker into it last, and then moves
 * it into place with one rename. If another download completed first, its model is kept and this
 * one dropped: `dest` is only ever absent or a complete model with its marker.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const PARTIAL = '.partial';
const STALE = '.stale-';

/** Creates and returns this download's private folder beside `dest`. */
export function privatePartial(dest: string): string {
  const partial = `${dest}${PARTIAL}-${randomBytes(6).toString('hex')}`;
  mkdirSync(partial, { recursive: true });
  return partial;
}

function isComplete(dir: string, marker: string): boolean {
  return existsSync(join(dir, marker));
}

function lostRace(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM' || code === 'EACCES';
}

/**
 * Moves the complete `partial` (its marker written) to `dest`. Returns 'placed', or 'kept' when a
 * complete model was already there (then `partial` is removed). An incomplete `dest` (left by an
 * older version, or by hand) is moved aside first and removed.
 */
export function placeComplete(partial: string, dest: string, marker: string): 'placed' | 'kept' {
  if (!isComplete(partial, marker)) throw new Error(`${partial} has no ${marker}: not moving an incomplete model into place`);
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (isComplete(dest, marker)) {
      rmSync(partial, { recursive: true, force: true });
      return 'kept';
    }
    if (existsSync(dest)) moveAsideIncomplete(dest, marker);
    try {
      renameSync(partial, dest);
      return 'placed';
    } catch (err) {
      if (!lostRace(err)) throw err; // another download's model arrived in between: look again
      last = err;
    }
  }
  throw new Error(`Could not move the downloaded model into ${dest}: ${last instanceof Error ? last.message : String(last)}`);
}

/**
 * Moves an incomplete `dest` out of the way (one rename, then removed). Nothing can rename a
 * model onto a non-empty folder, so it stays incomplete until moved; should a complete model have
 * replaced it meanwhile (an empty folder can be replaced), it is put back.
 */
function moveAsideIncomplete(dest: string, marker: string): void {
  const aside = `${dest}${STALE}${randomBytes(6).toString('hex')}`;
  try {
    renameSync(dest, aside);
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') return; // gone already
    throw err;
  }
  if (isComplete(aside, marker)) {
    try {
      renameSync(aside, dest);
      return;
    } catch {
      // Another complete model is in place now: this one is a duplicate.
    }
  }
  rmSync(aside, { recursive: true, force: true });
}

/**
 * Removes download folders beside `dest` that no download can still be filling (older than
 * `maxAgeMs`, e.g. left by a crash): a live download's own folder is never touched.
 */
export function removeStalePartials(dest: string, maxAgeMs: number, now = Date.now()): void {
  const name = basename(dest);
  let entries: string[];
  try {
    entries = readdirSync(dirname(dest));
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith(`${name}${PARTIAL}`) && !entry.startsWith(`${name}${STALE}`)) continue;
    const path = join(dirname(dest), entry);
    try {
      if (now - statSync(path).mtimeMs > maxAgeMs) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed meanwhile by its own download: nothing to do.
    }
  }
}
