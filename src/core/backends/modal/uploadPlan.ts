/**
 * A large local dataset travels to the Modal volume in fixed-size parts, each named by its
 * sha256, under a folder named by the file's id (see volumeUpload.ts): the sha256 of its size and
 * its parts' sha256s, a hash list as S3's multipart checksums are, so one pass over the bytes
 * names the file and every part. The parts hash in parallel on worker threads (each reads its own
 * range with one buffer), so a file of any size plans in bounded memory and at the speed of all
 * cores: the plan comes before the first byte can be sent, so its time is the upload's.
 */
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Bytes per part: small enough that an interruption loses little, large enough that a 2 GB file has ~128 parts. */
export const PART_BYTES = 16 * 1024 * 1024;

export interface UploadPart {
  index: number;
  offset: number;
  size: number;
  sha256: string;
}

export interface UploadPlan {
  /** Local file path. */
  path: string;
  /** File name only (what the template sees on the volume). */
  name: string;
  size: number;
  /** The file's id: sha256 of "size\n" and each part's sha256 (hex) and "\n", in order. */
  id: string;
  parts: UploadPart[];
}

/** The volume folder of a file's upload, content-addressed: two configs naming the same bytes share it. */
export function uploadDir(volumeMount: string, id: string): string {
  return `${volumeMount}/${uploadSubdir(id)}`;
}

/** The same folder relative to the volume's root. */
export function uploadSubdir(id: string): string {
  return `uploads/${id}`;
}

/** The uploaded file's path in the container. */
export function uploadedPath(volumeMount: string, plan: Pick<UploadPlan, 'id' | 'name'>): string {
  return `${uploadDir(volumeMount, plan.id)}/${safeFileName(plan.name)}`;
}

export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return clean || 'dataset';
}

/** The file's id from its size and its parts' sha256s. */
export function fileId(size: number, partHashes: readonly string[]): string {
  const h = createHash('sha256').update(`${size}\n`);
  for (const p of partHashes) h.update(`${p}\n`);
  return h.digest('hex');
}

/** A worker's job: sha256 of each of its parts, read in 1 MiB slices (CommonJS: it runs from a string). */
const HASH_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, openSync, readSync } = require('node:fs');
const { createHash } = require('node:crypto');
const fd = openSync(workerData.path, 'r');
const buf = Buffer.allocUnsafe(1 << 20);
try {
  parentPort.postMessage(workerData.parts.map((p) => {
    const h = createHash('sha256');
    for (let done = 0; done < p.size;) {
      const n = readSync(fd, buf, 0, Math.min(buf.length, p.size - done), p.offset + done);
      if (n === 0) throw new Error('the file got shorter while it was being read');
      h.update(buf.subarray(0, n));
      done += n;
    }
    return h.digest('hex');
  }));
} finally {
  closeSync(fd);
}
`;

function hashParts(path: string, parts: readonly Omit<UploadPart, 'sha256'>[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: { path, parts } });
    worker.once('message', (hashes: string[]) => resolve(hashes));
    worker.once('error', reject);
    worker.once('exit', (code) => { if (code !== 0) reject(new Error(`the hashing worker exited with ${code}`)); });
  });
}

/** Hashes each part (contiguous runs of parts on up to `threads` workers) and names the file. */
export async function planUpload(path: string, partBytes = PART_BYTES, threads = Math.min(4, availableParallelism())): Promise<UploadPlan> {
  if (!(partBytes > 0) || !Number.isInteger(partBytes)) throw new Error(`partBytes must be a positive integer, got ${partBytes}`);
  const size = statSync(path).size;
  const count = Math.max(1, Math.ceil(size / partBytes));
  const ranges = Array.from({ length: count }, (_, index) => ({ index, offset: index * partBytes, size: Math.min(partBytes, size - index * partBytes) }));
  const per = Math.ceil(count / Math.max(1, Math.min(threads, count)));
  const runs = Array.from({ length: Math.ceil(count / per) }, (_, w) => ranges.slice(w * per, (w + 1) * per));
  const hashes = (await Promise.all(runs.map((r) => hashParts(path, r)))).flat();
  if (statSync(path).size !== size) throw new Error(`${basename(path)} changed while it was being hashed; launch again.`);
  const parts = ranges.map((r, i) => ({ ...r, sha256: hashes[i]! }));
  return { path, name: basename(path), size, id: fileId(size, hashes), parts };
}
