/**
 * The dataset upload's throughput against a bare stream of the same bytes through the same
 * client, both to the fake control plane (whose sandboxes run locally): the bare stream is a
 * sandbox that reads stdin to EOF, written at STDIN_CHUNK_BYTES from 16 MiB reads as the upload does; the upload is planUpload
 * (hashing, while its sandbox starts) + uploadToVolume (parts verified and joined on the volume). Both include their
 * sandbox's start; alternating, best of five each. A third series, the upload with its plan made
 * beforehand, splits the gap into hashing and the rest (verifying and writing in the sandbox). Bundled by dataAtSize.bench.mjs with esbuild; not a vitest file.
 */
import { open } from 'node:fs/promises';
import { statSync } from 'node:fs';
import '../contract/modalHarness';
import { startFakeModal } from '../contract/fakeModal/server';
import { STDIN_CHUNK_BYTES } from '../../src/core/backends/modal/bundle';
import { createModalClient, type ModalConnection } from '../../src/core/backends/modal/modalClient';
import { PART_BYTES, planUpload } from '../../src/core/backends/modal/uploadPlan';
import { uploadToVolume } from '../../src/core/backends/modal/volumeUpload';
import { BASE_IMAGE } from '../../src/core/backends/modal/imageSpec';

const DRAIN_PY = 'import os\nn = 0\nwhile True:\n    b = os.read(0, 1 << 20)\n    if not b:\n        break\n    n += len(b)\nprint(n)\n';

async function bareStream(conn: ModalConnection, path: string): Promise<number> {
  const t0 = performance.now();
  const client = await createModalClient(conn);
  try {
    const app = await client.apps.fromName(conn.appName, { createIfMissing: true });
    const image = await client.images.fromRegistry(BASE_IMAGE).build(app);
    const sb = await client.sandboxes.create(app, image, { command: ['python', '-c', DRAIN_PY], timeoutMs: 600_000, cpu: 1, memoryMiB: 1024 });
    const writer = (sb.stdin as unknown as WritableStream<Uint8Array>).getWriter();
    const file = await open(path, 'r');
    const size = statSync(path).size;
    // The upload's own reading: 16 MiB blocks, the next read while this one is written, so the
    // ratio is what verification, resumability and the plan cost, not a reading strategy.
    const block = async (at: number) => {
      const buf = Buffer.allocUnsafe(Math.min(PART_BYTES, size - at));
      await file.read(buf, 0, buf.length, at);
      return buf;
    };
    let next = size > 0 ? block(0) : undefined;
    for (let at = 0; at < size; at += PART_BYTES) {
      const buf = await next!;
      next = at + PART_BYTES < size ? block(at + PART_BYTES) : undefined;
      for (let off = 0; off < buf.length; off += STDIN_CHUNK_BYTES) await writer.write(buf.subarray(off, off + STDIN_CHUNK_BYTES));
    }
    await file.close();
    await writer.close();
    const out = await sb.stdout.readText();
    if (Number(out.trim()) !== size) throw new Error(`the bare stream delivered ${out.trim()} of ${size} bytes`);
    await sb.wait();
  } finally {
    client.close();
  }
  return performance.now() - t0;
}

export async function run(opts: { protoPath: string; file: string }): Promise<{ bytes: number; bareMs: number; uploadMs: number; plannedMs: number; ratio: number; pairRatios: number[]; peakRssMb: number }> {
  const fake = await startFakeModal({ protoPath: opts.protoPath, scheduleDelayMs: 0, imageBuildMs: 0 });
  const conn: ModalConnection = { appName: 'bench', volumeName: 'bench-vol', serverUrl: fake.url, credentials: { tokenId: fake.tokenId, tokenSecret: fake.tokenSecret } };
  let peak = 0;
  const sample = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  // The fake keeps every recorded call (each stdin write's bytes): cleared before each pass, or
  // whichever pass runs later pays the garbage collector for the earlier passes' bytes.
  const fresh = () => {
    fake.calls.length = 0;
    (globalThis as { gc?: () => void }).gc?.();
  };
  try {
    await bareStream(conn, opts.file); // warm-up: the image and the connection
    const bare: number[] = [];
    const upload: number[] = [];
    const planned: number[] = [];
    let bytes = 0;
    // Information, not the ratio: the same upload given a plan made beforehand, so the print can
    // say how much of the gap is the hashing and how much the sandbox's verifying and writing.
    const plan = await planUpload(opts.file);
    for (let pass = 0; pass < 5; pass++) { // alternating, best of five each: the same pass varies 1.3-2.4 s on this VM
      fresh();
      bare.push(await bareStream(conn, opts.file));
      fresh();
      const t0 = performance.now();
      // As a launch does it: the sandbox starts while the file is hashed. A volume of its own
      // each pass, so every pass sends every byte.
      const size = statSync(opts.file).size;
      const r = await uploadToVolume({ ...conn, volumeName: `bench-vol-${pass}` }, planUpload(opts.file), { expectedBytes: size });
      upload.push(performance.now() - t0);
      if (r.sentBytes !== size) throw new Error(`the upload sent ${r.sentBytes} of ${size} bytes`);
      bytes = size;
      fresh();
      const t1 = performance.now();
      await uploadToVolume({ ...conn, volumeName: `bench-vol-planned-${pass}` }, plan);
      planned.push(performance.now() - t1);
    }
    const bareMs = Math.min(...bare);
    const uploadMs = Math.min(...upload);
    // Each pass's own ratio (its bare stream and the upload right after it) shows how much of the
    // headline is this VM's noise.
    const pairRatios = bare.map((b, i) => b / upload[i]!);
    return { bytes, bareMs, uploadMs, plannedMs: Math.min(...planned), ratio: bareMs / uploadMs, pairRatios, peakRssMb: Math.round(peak / 1048576) };
  } finally {
    clearInterval(sample);
    await fake.stop();
  }
}
