import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileId, planUpload } from '../../../src/core/backends/modal/uploadPlan';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('the upload plan: parts hashed on worker threads, the file named by its hash list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fte-plan-'));
  const bytes = Buffer.from(Array.from({ length: 5500 }, (_, i) => (i * 31 + 7) % 251));
  const file = join(dir, 'data.jsonl');
  writeFileSync(file, bytes);

  it('each part is the sha256 of its slice, in order, whatever the number of threads', async () => {
    const plans = await Promise.all([1, 2, 3, 8].map((t) => planUpload(file, 1000, t)));
    const expected = Array.from({ length: 6 }, (_, i) => ({ index: i, offset: i * 1000, size: i < 5 ? 1000 : 500, sha256: sha(bytes.subarray(i * 1000, i * 1000 + 1000)) }));
    for (const plan of plans) {
      expect(plan.parts).toEqual(expected);
      expect(plan).toMatchObject({ name: 'data.jsonl', size: 5500, id: fileId(5500, expected.map((p) => p.sha256)) });
    }
    expect(fileId(5500, expected.map((p) => p.sha256))).toBe(sha(Buffer.from(`5500\n${expected.map((p) => `${p.sha256}\n`).join('')}`)));
  });

  it('one changed byte changes its part and the id, nothing else', async () => {
    const before = await planUpload(file, 1000, 2);
    const changed = Buffer.from(bytes);
    changed[2345] = (changed[2345]! + 1) % 256;
    const other = join(dir, 'changed.jsonl');
    writeFileSync(other, changed);
    const after = await planUpload(other, 1000, 2);
    expect(after.id).not.toBe(before.id);
    expect(after.parts.map((p, i) => p.sha256 === before.parts[i]!.sha256)).toEqual([true, true, false, true, true, true]);
  });

  it('an empty file is one empty part', async () => {
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, '');
    const plan = await planUpload(empty, 1000, 4);
    expect(plan.parts).toEqual([{ index: 0, offset: 0, size: 0, sha256: sha(Buffer.alloc(0)) }]);
  });

  it('a missing file is an error naming it, not a hang', async () => {
    await expect(planUpload(join(dir, 'nope.jsonl'))).rejects.toThrow(/nope\.jsonl/);
  });
});
