import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { placeComplete, privatePartial, removeStalePartials } from '../../../src/core/backends/modal/downloadFolder';
import { tempDir } from '../runs/runFixtures';

const MARKER = '.done';

/** A finished download in its own folder: `files` plus the marker. */
function finished(dest: string, files: Record<string, string>, marker = true): string {
  const dir = privatePartial(dest);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  if (marker) writeFileSync(join(dir, MARKER), 'now');
  return dir;
}

const beside = (dest: string) => readdirSync(dirname(dest)).filter((n) => n !== basename(dest)).sort();

describe('a download\'s own folder, moved into place', () => {
  test('each download gets a different folder beside the model', () => {
    const dest = join(tempDir('fte-dl-'), 'model');
    const a = privatePartial(dest);
    const b = privatePartial(dest);
    expect(a).not.toBe(b);
    expect(basename(a)).toMatch(/^model\.partial-[0-9a-f]{12}$/);
    expect(existsSync(a) && existsSync(b)).toBe(true);
  });

  test('the first complete download is placed; a second one keeps it and removes its own', () => {
    const dest = join(tempDir('fte-dl-'), 'model');
    const first = finished(dest, { 'w.bin': 'first', 'sub/c.json': '{}' });
    const second = finished(dest, { 'w.bin': 'second', 'sub/c.json': '{}' });
    expect(placeComplete(first, dest, MARKER)).toBe('placed');
    expect(placeComplete(second, dest, MARKER)).toBe('kept');
    expect(readFileSync(join(dest, 'w.bin'), 'utf8')).toBe('first');
    expect(readdirSync(dest).sort()).toEqual([MARKER, 'sub', 'w.bin']);
    expect(beside(dest)).toEqual([]);
  });

  test('an incomplete model in the way (no marker: an older version\'s half copy) is replaced whole', () => {
    const dest = join(tempDir('fte-dl-'), 'model');
    mkdirSync(dest);
    writeFileSync(join(dest, 'w.bin'), 'half');
    writeFileSync(join(dest, 'stray.txt'), 'x');
    const mine = finished(dest, { 'w.bin': 'whole' });
    expect(placeComplete(mine, dest, MARKER)).toBe('placed');
    expect(readdirSync(dest).sort()).toEqual([MARKER, 'w.bin']);
    expect(readFileSync(join(dest, 'w.bin'), 'utf8')).toBe('whole');
    expect(beside(dest)).toEqual([]);
  });

  test('a folder without its marker is never moved into place', () => {
    const dest = join(tempDir('fte-dl-'), 'model');
    const half = finished(dest, { 'w.bin': 'half' }, false);
    expect(() => placeComplete(half, dest, MARKER)).toThrow(/no \.done/);
    expect(existsSync(dest)).toBe(false);
  });

  test('folders left by a crash are removed once older than any download; a live one is kept', () => {
    const dest = join(tempDir('fte-dl-'), 'model');
    const old = privatePartial(dest);
    const live = privatePartial(dest);
    const legacy = `${dest}.partial`;
    mkdirSync(legacy);
    writeFileSync(join(dirname(dest), 'model-notes.txt'), 'not ours');
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    utimesSync(old, hoursAgo(3), hoursAgo(3));
    utimesSync(legacy, hoursAgo(3), hoursAgo(3));
    removeStalePartials(dest, 2 * 3_600_000);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(legacy)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(join(dirname(dest), 'model-notes.txt'))).toBe(true);
  });
});
