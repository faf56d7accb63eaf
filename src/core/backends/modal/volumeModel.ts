/**
 * "Download model" for a Modal run: the model folder on the volume, listed first (so the size
 * is shown before anything is copied), then streamed as base64 lines by a CPU sandbox, written
 * to a folder of this download's own and moved into place, marker written, once every byte has
 * arrived (see downloadFolder.ts: concurrent downloads of one model never mix their files).
 */
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { placeComplete, privatePartial, removeStalePartials } from './downloadFolder';
import { LaunchInputError } from './modalErrors';
import type { ModalConnection } from './modalClient';
import { VOLUME_MOUNT } from './sandboxSpec';
import { runOnVolume } from './volumeSandbox';

/** argv: ROOT MODE ("list" | "send"). Prints the manifest, then (send) each file as base64 lines. */
const MODEL_PY = `import base64, json, os, sys
root, mode = sys.argv[1], sys.argv[2]
if not os.path.isdir(root):
    print(json.dumps({"missing": True}))
    sys.exit(0)
files = []
for d, dirs, names in os.walk(root):
    dirs.sort()
    for n in sorted(names):
        p = os.path.join(d, n)
        files.append([os.path.relpath(p, root), os.path.getsize(p)])
print(json.dumps({"files": files}), flush=True)
if mode == "send":
    for rel, size in files:
        print(json.dumps({"file": rel, "size": size}), flush=True)
        with open(os.path.join(root, rel), "rb") as fh:
            for chunk in iter(lambda: fh.read(49152), b""):
                sys.stdout.write(base64.b64encode(chunk).decode() + "\\n")
        print("END", flush=True)
    print(json.dumps({"done": True}), flush=True)
`;
const LIST_TIMEOUT_MS = 120_000;
const SEND_TIMEOUT_MS = 60 * 60_000;

export interface VolumeModelFile {
  path: string;
  bytes: number;
}

export interface VolumeModelListing {
  files: VolumeModelFile[];
  bytes: number;
}

/** "/vol/runs/<id>/model" -> itself; anything outside the volume mount is refused. */
export function volumeModelPath(modelPath: string): string {
  if (!modelPath.startsWith(`${VOLUME_MOUNT}/`) || modelPath.split('/').includes('..')) {
    throw new LaunchInputError(`The model path ${modelPath} is not on the Modal volume (${VOLUME_MOUNT}/...).`);
  }
  return modelPath;
}

function parseManifest(line: string): VolumeModelListing | 'missing' | undefined {
  if (!line.startsWith('{')) return undefined;
  const m = JSON.parse(line) as { missing?: boolean; files?: [string, number][] };
  if (m.missing) return 'missing';
  if (!m.files) return undefined;
  const files = m.files.map(([path, bytes]) => ({ path, bytes }));
  return { files, bytes: files.reduce((n, f) => n + f.bytes, 0) };
}

function missing(conn: ModalConnection, modelPath: string): Error {
  return new LaunchInputError(`There is no model at ${modelPath} on the Modal volume "${conn.volumeName}" (was the run's folder deleted, or is the volume another one? See finetuneEmbeddings.modal.volumeName).`);
}

/** The model's files and total size on the volume. */
export async function listVolumeModel(conn: ModalConnection, modelPath: string): Promise<VolumeModelListing> {
  let found: VolumeModelListing | 'missing' | undefined;
  await runOnVolume(conn, {
    program: MODEL_PY, args: [volumeModelPath(modelPath), 'list'], timeoutMs: LIST_TIMEOUT_MS,
    what: `listing the model on the volume "${conn.volumeName}"`, onLine: (l) => { found ??= parseManifest(l); },
  });
  if (found === 'missing' || !found) throw missing(conn, modelPath);
  return found;
}

/** A relative path from the manifest, kept inside `root` (never absolute, never `..`). */
function inside(root: string, rel: string): string {
  const clean = normalize(rel);
  if (isAbsolute(clean) || clean.split(sep).includes('..')) throw new Error(`refusing the file name ${rel} from the volume`);
  return join(root, clean);
}

/** Writes the streamed files; throws if a file's size or the set of files does not match the manifest. */
class ModelWriter {
  private listing: VolumeModelListing | undefined;
  private fd: number | undefined;
  private file: VolumeModelFile | undefined;
  private written = 0;
  private total = 0;
  private filesDone = 0;
  done = false;

  constructor(private readonly root: string, private readonly onProgress: (done: number, total: number) => void) {}

  line(l: string): void {
    if (this.done) return;
    if (!this.listing) {
      const m = parseManifest(l);
      if (m === 'missing') throw new Error('missing');
      if (m) this.listing = m;
      return;
    }
    if (this.fd === undefined) {
      if (!l.startsWith('{')) return;
      const h = JSON.parse(l) as { file?: string; size?: number; done?: boolean };
      if (h.done) return this.finish();
      if (typeof h.file !== 'string' || typeof h.size !== 'number') return;
      const dest = inside(this.root, h.file);
      mkdirSync(dirname(dest), { recursive: true });
      this.fd = openSync(dest, 'w');
      this.file = { path: h.file, bytes: h.size };
      this.written = 0;
      return;
    }
    if (l === 'END') {
      closeSync(this.fd);
      this.fd = undefined;
      if (this.written !== this.file!.bytes) throw new Error(`${this.file!.path}: received ${this.written} of ${this.file!.bytes} bytes`);
      this.filesDone += 1;
      return;
    }
    const bytes = Buffer.from(l, 'base64');
    writeSync(this.fd, bytes);
    this.written += bytes.length;
    this.total += bytes.length;
    this.onProgress(this.total, this.listing.bytes);
  }

  private finish(): void {
    if (this.filesDone !== this.listing!.files.length) throw new Error(`received ${this.filesDone} of ${this.listing!.files.length} files`);
    this.done = true;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

export interface DownloadOptions {
  /** Where the model folder goes (an incomplete one is replaced; a complete one from another download is kept). */
  dest: string;
  /** File written into `dest` last. */
  marker: string;
  onProgress(doneBytes: number, totalBytes: number): void;
  signal?: AbortSignal;
}

/** Copies the model folder from the volume to `dest`; nothing is left half-written on failure. */
export async function downloadVolumeModel(conn: ModalConnection, modelPath: string, o: DownloadOptions): Promise<void> {
  // Longer than any download can take (the sandbox ends at SEND_TIMEOUT_MS): left by a crash.
  removeStalePartials(o.dest, 2 * SEND_TIMEOUT_MS);
  const partial = privatePartial(o.dest);
  const writer = new ModelWriter(partial, o.onProgress);
  let failure: Error | undefined;
  // Our own stop (a broken stream) and the caller's cancel both end the sandbox.
  const stop = new AbortController();
  const cancel = () => stop.abort();
  o.signal?.addEventListener('abort', cancel, { once: true });
  try {
    await runOnVolume(conn, {
      program: MODEL_PY, args: [volumeModelPath(modelPath), 'send'], timeoutMs: SEND_TIMEOUT_MS, signal: stop.signal,
      what: `downloading the model from the volume "${conn.volumeName}"`,
      onLine: (l) => {
        if (failure) return;
        try {
          writer.line(l);
        } catch (err) {
          failure = (err as Error).message === 'missing' ? missing(conn, modelPath) : new Error(`The download from the volume broke off: ${(err as Error).message}. Try again.`);
          stop.abort();
        }
      },
    });
    if (failure) throw failure;
    if (stop.signal.aborted) throw new Error('The download was cancelled.');
    if (!writer.done) throw new Error('The download from the volume ended early. Try again.');
    writeFileSync(join(partial, o.marker), new Date().toISOString());
    placeComplete(partial, o.dest, o.marker);
  } finally {
    o.signal?.removeEventListener('abort', cancel);
    writer.close();
    if (existsSync(partial)) rmSync(partial, { recursive: true, force: true });
  }
}
