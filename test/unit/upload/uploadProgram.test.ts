/**
 * The upload sandbox's program, run here with python3 and pipes as the sandbox runs it: the plan
 * on stdin's first line, then the missing parts; verified, resumable, refusing paths outside the
 * volume and ending quietly when the launcher stops before the plan.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UPLOAD_PROGRAM } from '../../../src/core/backends/modal/uploadProgram';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const bytes = Buffer.from(Array.from({ length: 2500 }, (_, i) => (i * 7) % 256));
const parts = [bytes.subarray(0, 1000), bytes.subarray(1000, 2000), bytes.subarray(2000)];
const plan = (dir = 'uploads/abc') => `${JSON.stringify({ dir, name: 'data.jsonl', parts: parts.map((p, i) => [i, p.length, sha(p)]) })}\n`;

function run(mount: string, stdin: Buffer | string) {
  const r = spawnSync('python3', ['-c', UPLOAD_PROGRAM, mount], { input: stdin, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, events: r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { event: string; missing?: number[]; message?: string }) };
}

describe('the upload program', () => {
  it('reads its plan from stdin, stores the parts, and a second run finds the file complete', () => {
    const mount = mkdtempSync(join(tmpdir(), 'fte-vol-'));
    const first = run(mount, Buffer.concat([Buffer.from(plan()), bytes]));
    expect(first.code).toBe(0);
    expect(first.events.map((e) => e.event)).toEqual(['have', 'part', 'part', 'part', 'complete']);
    expect(first.events[0]!.missing).toEqual([0, 1, 2]);
    expect(readFileSync(join(mount, 'uploads', 'abc', 'data.jsonl')).equals(bytes)).toBe(true);
    expect(existsSync(join(mount, 'uploads', 'abc', 'parts'))).toBe(false);
    expect(run(mount, plan()).events).toEqual([{ event: 'complete' }]);
  });

  it('keeps the verified parts of an interrupted upload and asks only for the rest', () => {
    const mount = mkdtempSync(join(tmpdir(), 'fte-vol-'));
    const cut = run(mount, Buffer.concat([Buffer.from(plan()), parts[0]!, parts[1]!.subarray(0, 10)]));
    expect(cut.code).toBe(3);
    expect(cut.events.at(-1)).toMatchObject({ event: 'error', message: 'the upload stopped in part 1' });
    expect(readdirSync(join(mount, 'uploads', 'abc', 'parts'))).toEqual([`0-${sha(parts[0]!)}`]);
    const resumed = run(mount, Buffer.concat([Buffer.from(plan()), parts[1]!, parts[2]!]));
    expect(resumed.events[0]).toEqual({ event: 'have', missing: [1, 2] });
    expect(resumed.events.at(-1)).toEqual({ event: 'complete' });
    expect(readFileSync(join(mount, 'uploads', 'abc', 'data.jsonl')).equals(bytes)).toBe(true);
  });

  it('refuses a damaged part, a path outside the volume, and ends quietly without a plan', () => {
    const mount = mkdtempSync(join(tmpdir(), 'fte-vol-'));
    const damaged = Buffer.from(parts[0]!);
    damaged[5] = damaged[5]! ^ 1;
    const bad = run(mount, Buffer.concat([Buffer.from(plan()), damaged]));
    expect(bad.code).toBe(4);
    expect(bad.events.at(-1)).toMatchObject({ event: 'error', message: 'part 0 arrived damaged (sha256 mismatch)' });
    expect(readdirSync(join(mount, 'uploads', 'abc', 'parts'))).toEqual([]);
    const outside = run(mount, plan('uploads/../../etc'));
    expect(outside.code).toBe(2);
    expect(outside.events).toEqual([{ event: 'error', message: 'the plan names a path outside the volume' }]);
    expect(run(mount, '')).toEqual({ code: 0, events: [] });
  });
});
