/**
 * A local dataset of any size onto the run's Modal volume. The SDK has no volume file API, so a
 * CPU sandbox with the volume at /vol runs UPLOAD_PROGRAM: it starts while the file is still being
 * hashed, reads the plan from stdin, says which parts of the file are already there
 * (content-addressed: a relaunch, a sweep's workers or a second config naming the same bytes send
 * nothing), then reads the missing parts from stdin, one SandboxStdinWrite per STDIN_CHUNK_BYTES,
 * verifies each and joins them. An interrupted upload keeps its verified parts; the next one sends
 * only the rest. Cancel (the signal) stops the sandbox, so nothing keeps billing.
 */
import { open } from 'node:fs/promises';
import type { Sandbox } from 'modal';
import { UPLOAD_CPU, UPLOAD_MEMORY_MIB, UPLOAD_MIN_RATE_BPS } from '../../cost/uploadCost';
import { LaunchCancelledError } from '../jobBackend';
import { STDIN_CHUNK_BYTES } from './bundle';
import type { ModalConnection } from './modalClient';
import { ModalLaunchError } from './modalErrors';
import { VOLUME_MOUNT } from './sandboxSpec';
import { UPLOAD_PROGRAM } from './uploadProgram';
import { safeFileName, uploadedPath, uploadSubdir, type UploadPart, type UploadPlan } from './uploadPlan';
import { runOnVolume } from './volumeSandbox';


export interface UploadProgress {
  /** Bytes sent in this upload, of `toSend` (the missing parts only). */
  sent: number;
  toSend: number;
  /** The file's size and how much of it was already on the volume. */
  total: number;
  alreadyThere: number;
  bytesPerSec: number;
  /** Seconds left at the current rate; null before a rate is known. */
  etaS: number | null;
}

export interface UploadResult {
  /** The file's path in the container. */
  path: string;
  /** Bytes sent now (0 when the volume had the whole file). */
  sentBytes: number;
  /** Parts sent now, by index. */
  sentParts: number[];
  elapsedMs: number;
}

export interface UploadOptions {
  onProgress?(p: UploadProgress): void;
  /** The file's size, when the plan is still being made: the sandbox's timeout needs it at creation. */
  expectedBytes?: number;
  signal?: AbortSignal;
  /** Bytes per SandboxStdinWrite (default STDIN_CHUNK_BYTES). */
  chunkBytes?: number;
}

interface ProgramEvent {
  event: 'have' | 'part' | 'complete' | 'error';
  missing?: number[];
  index?: number;
  message?: string;
}

/** The upload sandbox's timeout: its size at UPLOAD_MIN_RATE_BPS, plus 10 minutes, whole seconds. */
export function uploadTimeoutMs(bytes: number): number {
  return (600 + Math.ceil(bytes / UPLOAD_MIN_RATE_BPS)) * 1000;
}

/**
 * `planned`: the plan, or the promise of one (planUpload still hashing: the sandbox starts
 * meanwhile; then pass `expectedBytes`).
 */
export async function uploadToVolume(conn: ModalConnection, planned: UploadPlan | Promise<UploadPlan>, o: UploadOptions = {}): Promise<UploadResult> {
  const t0 = Date.now();
  const planning = Promise.resolve(planned);
  planning.catch(() => undefined); // a failed plan is reported where it is awaited, not as an unhandled rejection
  const bytes = o.expectedBytes ?? (await planning).size;
  let plan: UploadPlan | undefined;
  const chunk = o.chunkBytes ?? STDIN_CHUNK_BYTES;
  let resolveHave!: (missing: number[] | null) => void;
  const have = new Promise<number[] | null>((r) => (resolveHave = r));
  let failure: string | undefined;
  let complete = false;
  const sentParts: number[] = [];
  let sentBytes = 0;

  const send = async (sandbox: Sandbox) => {
    const writer = (sandbox.stdin as unknown as WritableStream<Uint8Array>).getWriter();
    plan = await planning;
    if (plan.size !== bytes) throw new ModalLaunchError(`${plan.name} changed while it was being hashed; launch again.`);
    await writer.write(Buffer.from(`${JSON.stringify({ dir: uploadSubdir(plan.id), name: safeFileName(plan.name), parts: plan.parts.map((p) => [p.index, p.size, p.sha256]) })}\n`));
    const missing = await have;
    if (missing === null) return; // the file is on the volume already, or the program failed
    const { parts: all, size, path, name } = plan;
    const parts = missing.map((i) => all[i]).filter((p): p is UploadPart => p !== undefined);
    const toSend = parts.reduce((n, p) => n + p.size, 0);
    const report = progressReporter(size, toSend, o.onProgress);
    const file = await open(path, 'r');
    try {
      // A part is read whole (one read, not one per stdin write) while the previous one is sent.
      const readPart = async (part: UploadPart): Promise<Buffer> => {
        const buf = Buffer.allocUnsafe(part.size);
        const { bytesRead } = await file.read(buf, 0, part.size, part.offset);
        if (bytesRead !== part.size) throw new ModalLaunchError(`${name} changed while it was being uploaded; launch again.`);
        return buf;
      };
      let next = parts.length ? readPart(parts[0]!) : undefined;
      for (let p = 0; p < parts.length; p++) {
        const buf = await next!;
        next = p + 1 < parts.length ? readPart(parts[p + 1]!) : undefined;
        next?.catch(() => undefined); // reported when awaited
        for (let off = 0; off < buf.length; off += chunk) {
          if (o.signal?.aborted) throw new LaunchCancelledError('The dataset upload was cancelled; the parts sent so far stay on the volume for the next launch.');
          const piece = buf.subarray(off, Math.min(off + chunk, buf.length));
          await writer.write(piece);
          sentBytes += piece.length;
          report(sentBytes);
        }
        sentParts.push(parts[p]!.index);
      }
      await writer.close();
    } finally {
      await file.close();
    }
  };

  const code = await runOnVolume(conn, {
    program: UPLOAD_PROGRAM,
    args: [VOLUME_MOUNT],
    what: `uploading the dataset to the volume "${conn.volumeName}"`,
    timeoutMs: uploadTimeoutMs(bytes),
    cpu: UPLOAD_CPU,
    memoryMiB: UPLOAD_MEMORY_MIB,
    ...(o.signal ? { signal: o.signal } : {}),
    withSandbox: send,
    onLine: (line) => {
      const e = parseEvent(line);
      if (!e) return;
      if (e.event === 'have') resolveHave(e.missing ?? []);
      if (e.event === 'complete') {
        complete = true;
        resolveHave(null);
      }
      if (e.event === 'error') {
        failure = e.message ?? 'unknown error';
        resolveHave(null);
      }
    },
  }).finally(() => resolveHave(null));
  if (o.signal?.aborted) throw new LaunchCancelledError('The dataset upload was cancelled; the parts sent so far stay on the volume for the next launch.');
  if (!complete || !plan) {
    throw new ModalLaunchError(`Uploading ${plan?.name ?? 'the dataset'} to the volume "${conn.volumeName}" failed${failure ? `: ${failure}` : ` (the upload sandbox exited with ${code})`}. Launch again: the parts already sent are kept.`);
  }
  return { path: uploadedPath(VOLUME_MOUNT, plan), sentBytes, sentParts, elapsedMs: Date.now() - t0 };
}

function parseEvent(line: string): ProgramEvent | undefined {
  try {
    const v = JSON.parse(line) as ProgramEvent;
    return typeof v === 'object' && v !== null && typeof v.event === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Progress at most ~4 times a second, rate over the whole upload so far. */
function progressReporter(total: number, toSend: number, onProgress?: (p: UploadProgress) => void): (sent: number) => void {
  const start = Date.now();
  let last = 0;
  const alreadyThere = total - toSend;
  onProgress?.({ sent: 0, toSend, total, alreadyThere, bytesPerSec: 0, etaS: null });
  return (sent) => {
    const now = Date.now();
    if (!onProgress || (now - last < 250 && sent < toSend)) return;
    last = now;
    const secs = Math.max(0.001, (now - start) / 1000);
    const rate = sent / secs;
    onProgress({ sent, toSend, total, alreadyThere, bytesPerSec: rate, etaS: rate > 0 ? (toSend - sent) / rate : null });
  };
}

/** "12.3 MB/s, 45 s left" for a progress line. */
export function formatUploadProgress(p: UploadProgress): string {
  const mb = (n: number) => (n / 1e6).toFixed(1);
  const eta = p.etaS === null ? '' : `, ${p.etaS < 90 ? `${Math.ceil(p.etaS)} s` : `${Math.ceil(p.etaS / 60)} min`} left`;
  const kept = p.alreadyThere > 0 ? ` (${mb(p.alreadyThere)} MB already on the volume)` : '';
  return `uploading the dataset: ${mb(p.sent)} of ${mb(p.toSend)} MB${kept}, ${mb(p.bytesPerSec)} MB/s${eta}`;
}
