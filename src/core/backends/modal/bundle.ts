/**
 * How the template, the job and the dataset reach the container (images cannot COPY local
 * files): the backend packs them into one gzip'd bundle and writes it to the sandbox's STDIN
 * (SandboxStdinWrite RPCs, STDIN_CHUNK_BYTES each). The sandbox command is a fixed Python
 * bootstrap (`python -c BOOTSTRAP_PY <script> <args...>`) that reads stdin to EOF, unpacks the
 * files into a fresh temp dir, chdirs there and execs `python -u <script> <args...>`.
 * No config value is ever part of a shell string: the command is an argument array and the
 * bootstrap source is a constant.
 *
 * Bundle format (before gzip): one JSON line `{"v":1,"files":[[relPath, byteLength], ...]}`,
 * then the files' bytes back to back in that order.
 *
 * Limits: the dataset inside the bundle may be at most DATASET_MAX_BYTES (50 MiB) and the whole
 * bundle BUNDLE_MAX_BYTES (64 MiB) before compression: the bundle is held in memory on both ends.
 * A larger local dataset is uploaded to the volume first (volumeUpload.ts) and the bundle only
 * names its path there (`volumeDatasetPath`).
 */
import { gzipSync } from 'node:zlib';
import type { LaunchRequest } from '../jobBackend';
import { EXIT_NO_BUNDLE } from './exitInfo';
import { LaunchInputError } from './modalErrors';

export const DATASET_MAX_BYTES = 50 * 1024 * 1024;
export const BUNDLE_MAX_BYTES = 64 * 1024 * 1024;
/**
 * One SandboxStdinWrite per chunk. Modal's own Python client caps a stdin write at 2 MiB (and the
 * JS SDK's streaming stdin uses 256 KiB), so writes must stay at or below 2 MiB; 512 KiB keeps
 * well inside that while a 64 MiB bundle still takes only ~128 calls.
 */
export const STDIN_CHUNK_BYTES = 512 * 1024;
export const STDIN_WRITE_MAX_BYTES = 2 * 1024 * 1024;
export const JOB_FILE = 'job.json';
export const DATA_DIR = 'data';

/** Seconds without a byte of the bundle after which the bootstrap gives up (a few minutes: a slow upload keeps it alive). */
export const BUNDLE_WAIT_S = 300;

/** The bootstrap source for a given wait (tests use a short one; launches use BUNDLE_WAIT_S). */
export function bootstrapPy(waitS: number): string {
  return [
    'import gzip, json, os, signal, sys, tempfile',
    `WAIT = ${Math.max(1, Math.round(waitS))}`,
    'def give_up(*_):',
    '    sys.stderr.write("bootstrap: the job files did not arrive (nothing for %d s); giving up\\n" % WAIT)',
    '    sys.stderr.flush()',
    `    os._exit(${EXIT_NO_BUNDLE})`,
    'signal.signal(signal.SIGALRM, give_up)',
    'chunks = []',
    'while True:',
    '    signal.alarm(WAIT)',
    '    chunk = os.read(0, 1 << 20)',
    '    if not chunk:',
    '        break',
    '    chunks.append(chunk)',
    'signal.alarm(0)',
    'raw = gzip.decompress(b"".join(chunks))',
    'del chunks',
    'nl = raw.index(b"\\n")',
    'manifest = json.loads(raw[:nl])',
    'work = os.path.realpath(tempfile.mkdtemp(prefix="finetune-"))',
    'pos = nl + 1',
    'for rel, size in manifest["files"]:',
    '    dest = os.path.realpath(os.path.join(work, rel))',
    '    if not dest.startswith(work + os.sep):',
    '        sys.exit("bootstrap: refusing path " + rel)',
    '    os.makedirs(os.path.dirname(dest), exist_ok=True)',
    '    with open(dest, "wb") as f:',
    '        f.write(raw[pos:pos + size])',
    '    pos += size',
    'del raw',
    'os.chdir(work)',
    'os.dup2(os.open(os.devnull, os.O_RDONLY), 0)',
    'os.execv(sys.executable, [sys.executable, "-u"] + sys.argv[1:])',
  ].join('\n');
}

export const BOOTSTRAP_PY = bootstrapPy(BUNDLE_WAIT_S);

/** The sandbox command: an argument array, never a shell string. */
export function containerCommand(entrypoint: { script: string; args: string[] }): string[] {
  return ['python', '-c', BOOTSTRAP_PY, entrypoint.script, ...entrypoint.args];
}

function checkRelPath(p: string): void {
  if (!p || p.startsWith('/') || p.includes('\\') || p.split('/').some((s) => s === '..' || s === '')) {
    throw new LaunchInputError(`Template file path "${p}" must be relative, with no ".." segments.`);
  }
}

function safeDatasetName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '');
  return clean || 'dataset';
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Validates the request and returns the gzip'd bundle. Throws LaunchInputError on bad input. */
export function buildBundle(req: LaunchRequest, entry: { script: string }, volumeDatasetPath?: string): Uint8Array {
  if (!(entry.script in req.templateFiles)) {
    throw new LaunchInputError(`The template files do not include the entry script "${entry.script}".`);
  }
  const files: Array<[string, Uint8Array]> = [];
  for (const [rel, source] of Object.entries(req.templateFiles)) {
    checkRelPath(rel);
    files.push([rel, Buffer.from(source, 'utf8')]);
  }
  const job = structuredClone(req.job);
  if (volumeDatasetPath) {
    job.dataset.path = volumeDatasetPath; // uploaded to the volume before the launch
  } else if (req.datasetFile) {
    const bytes = req.datasetFile.bytes;
    if (!bytes || bytes.byteLength > DATASET_MAX_BYTES) {
      throw new LaunchInputError(
        `The dataset file ${req.datasetFile.name} is ${mib(bytes?.byteLength ?? req.datasetFile.size ?? 0)}; at most ${mib(DATASET_MAX_BYTES)} travel with the job, a larger file is uploaded to the volume from its path (pass datasetFile.path).`,
      );
    }
    const rel = `${DATA_DIR}/${safeDatasetName(req.datasetFile.name)}`;
    files.push([rel, bytes]);
    job.dataset.path = rel; // relative to the bootstrap's working dir
  } else if (job.dataset.path) {
    throw new LaunchInputError(`The job reads the local file ${job.dataset.path}, but its bytes were not passed to the launch.`);
  }
  const extras = [['dataset.eval', job.dataset.eval], ['dataset.corpus', job.dataset.corpus],
    ...(job.evaluation?.also ?? []).map((a, i) => [`evaluation.also[${i}]`, a] as const)] as const;
  for (const [key, extra] of extras) {
    if (extra?.path) {
      throw new LaunchInputError(`${key} reads the local file ${extra.path}; a Modal run ships only dataset.path. Push it to the Hugging Face Hub and set ${key}.hub, or run with compute.backend: local.`);
    }
  }
  files.push([JOB_FILE, Buffer.from(JSON.stringify(job, null, 2), 'utf8')]);
  const manifest = Buffer.from(JSON.stringify({ v: 1, files: files.map(([p, b]) => [p, b.byteLength]) }) + '\n', 'utf8');
  const total = manifest.byteLength + files.reduce((n, [, b]) => n + b.byteLength, 0);
  if (total > BUNDLE_MAX_BYTES) {
    throw new LaunchInputError(`The files for this run add up to ${mib(total)}; the limit is ${mib(BUNDLE_MAX_BYTES)}.`);
  }
  return gzipSync(Buffer.concat([manifest, ...files.map(([, b]) => b)]));
}
