/**
 * A large local dataset travels to the Modal volume in fixed-size parts, each named by its
 * sha256, under a folder named by the whole file's sha256 (see volumeUpload.ts). The plan is
 * made in one streaming pass over the file (memory: one read buffer), so a file of any size
 * hashes in bounded memory.
 */
import { createReadStream } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename } from 'node:path';

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
  sha256: string;
  parts: UploadPart[];
}

/** The volume folder of a file's upload, content-addressed: two configs naming the same bytes share it. */
export function uploadDir(volumeMount: string, sha256: string): string {
  return `${volumeMount}/uploads/${sha256}`;
}

/** The uploaded file's path in the container. */
export function uploadedPath(volumeMount: string, plan: Pick<UploadPlan, 'sha256' | 'name'>): string {
  return `${uploadDir(volumeMount, plan.sha256)}/${safeFileName(plan.name)}`;
}

export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return clean || 'dataset';
}

/** Hashes the file and each part in one pass. */
export async function planUpload(path: string, partBytes = PART_BYTES): Promise<UploadPlan> {
  if (!(partBytes > 0) || !Number.isInteger(partBytes)) throw new Error(`partBytes must be a positive integer, got ${partBytes}`);
  const whole = createHash('sha256');
  const parts: UploadPart[] = [];
  let part = createHash('sha256');
  let partSize = 0;
  let offset = 0;
  const endPart = () => {
    parts.push({ index: parts.length, offset: offset - partSize, size: partSize, sha256: part.digest('hex') });
    part = createHash('sha256');
    partSize = 0;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    whole.update(chunk);
    for (let pos = 0; pos < chunk.length;) {
      const take = Math.min(chunk.length - pos, partBytes - partSize);
      part.update(chunk.subarray(pos, pos + take));
      partSize += take;
      offset += take;
      pos += take;
      if (partSize === partBytes) endPart();
    }
  }
  if (partSize > 0 || parts.length === 0) endPart();
  return { path, name: basename(path), size: offset, sha256: whole.digest('hex'), parts };
}
