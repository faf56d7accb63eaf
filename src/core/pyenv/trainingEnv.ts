/**
 * The local training environment: one virtualenv outside the clone, built from
 * gpu-templates/requirements.txt (the GPU image's pins; torch swapped for a CPU build where
 * there is no CUDA, see torchChoice.ts) plus requirements-local.txt. Tests, benchmarks,
 * `npm start`, the CLI and the extension's "Create local environment" all use this one
 * installer. It is keyed by a hash of what it installs: a changed pin builds a new one.
 * A half-built environment never counts: the stamp file is written last, and a failure or a
 * cancel removes the folder.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { runLogged } from './runLogged';
import type { LoggedResult } from './runLogged';
import { bestCpuVersion, parsePipIndexVersions, TORCH_CPU_INDEX, torchPin, withTorch } from './torchChoice';
import type { TorchChoice } from './torchChoice';
import { withDirLock } from './dirLock';

/** Imported by the check that an environment works; names as Python imports them. */
export const REQUIRED_MODULES = ['torch', 'transformers', 'sentence_transformers', 'datasets', 'accelerate', 'optuna', 'grpc', 'google.protobuf'];
const STAMP = 'fte-env.json';
const STAMP_FORMAT = 1;

export interface TrainingEnvOptions {
  /** Parent folder of environments, e.g. ~/.cache/finetune-embeddings or the extension's global storage. */
  root: string;
  requirementsPath: string;
  /** Extra packages for local runs only (requirements-local.txt). */
  localRequirementsPath?: string;
  /** Interpreter that creates the venv (default python3, or python on Windows). */
  basePython?: string;
  onStep?(message: string): void;
  onLine?(line: string): void;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export interface TrainingEnv {
  dir: string;
  python: string;
  key: string;
  /** Versions of the installed packages (distribution name -> version). */
  versions: Record<string, string>;
  torch: string;
  /** True when this call built it. */
  created: boolean;
  seconds: number;
}

export class TrainingEnvError extends Error {
  constructor(readonly step: string, message: string, readonly tail: string[] = [], readonly logFile?: string) {
    super(message);
    this.name = 'TrainingEnvError';
  }
}

/** The requirement files of a gpu-templates/ folder (the repository's or the packaged copy). */
export function templateRequirements(templateDir: string): Pick<TrainingEnvOptions, 'requirementsPath' | 'localRequirementsPath'> {
  return { requirementsPath: join(templateDir, 'requirements.txt'), localRequirementsPath: join(templateDir, 'requirements-local.txt') };
}

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.FTE_CACHE_DIR ?? join(os.homedir(), '.cache', 'finetune-embeddings');
}

export function venvPython(dir: string): string {
  return process.platform === 'win32' ? join(dir, 'Scripts', 'python.exe') : join(dir, 'bin', 'python');
}

export function hasNvidiaGpu(): boolean {
  return existsSync('/proc/driver/nvidia/version') || existsSync('/usr/bin/nvidia-smi');
}

function read(path: string | undefined): string {
  return path && existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** What the environment's identity depends on. The torch build is chosen inside, from these. */
export function envKey(opts: TrainingEnvOptions, pythonVersion: string): string {
  const env = opts.env ?? process.env;
  const h = createHash('sha256');
  for (const part of [String(STAMP_FORMAT), read(opts.requirementsPath), read(opts.localRequirementsPath), pythonVersion, process.platform, process.arch,
    hasNvidiaGpu() ? 'cuda' : 'cpu', env.FTE_TORCH_REQUIREMENT ?? '']) h.update(part).update('\0');
  return h.digest('hex').slice(0, 12);
}

function envsDir(root: string): string {
  return join(root, 'training-env');
}

/** The environment's folder and interpreter if it is complete, without building anything. */
export async function findTrainingEnv(opts: TrainingEnvOptions): Promise<TrainingEnv | undefined> {
  const version = await pythonVersion(opts);
  if (!version) return undefined;
  const key = envKey(opts, version);
  return readStamp(join(envsDir(opts.root), key), key);
}

function readStamp(dir: string, key: string): TrainingEnv | undefined {
  try {
    const s = JSON.parse(readFileSync(join(dir, STAMP), 'utf8')) as { key: string; versions: Record<string, string>; torch: string };
    if (s.key !== key || !existsSync(venvPython(dir))) return undefined;
    const now = new Date();
    utimesSync(join(dir, STAMP), now, now); // last use, for pruning
    return { dir, python: venvPython(dir), key, versions: s.versions, torch: s.torch, created: false, seconds: 0 };
  } catch {
    return undefined;
  }
}

function basePython(opts: TrainingEnvOptions): string {
  return opts.basePython ?? (process.platform === 'win32' ? 'python' : 'python3');
}

/** Interpreter -> its version, asked once per process: the extension looks the environment up before every local run and data check. */
const versions = new Map<string, Promise<string | undefined>>();

function pythonVersion(opts: TrainingEnvOptions): Promise<string | undefined> {
  const python = basePython(opts);
  let version = versions.get(python);
  if (!version) {
    version = runLogged(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { env: opts.env })
      .then((r) => (r.code === 0 ? r.output.trim() : undefined));
    versions.set(python, version);
    // A missing interpreter may be installed later (then "Create local environment" is retried).
    void version.then((v) => { if (v === undefined) versions.delete(python); });
  }
  return version;
}

/** Returns the complete environment, building it first when needed. */
export async function ensureTrainingEnv(opts: TrainingEnvOptions): Promise<TrainingEnv> {
  const started = Date.now();
  const python = basePython(opts);
  const version = await pythonVersion(opts);
  if (!version) {
    throw new TrainingEnvError('python', `No Python interpreter "${python}" was found. Install Python 3.10 or newer (with its venv module), or set the interpreter to create the environment with.`);
  }
  const [major, minor] = version.split('.').map(Number);
  if (major !== 3 || minor! < 10) {
    throw new TrainingEnvError('python', `"${python}" is Python ${version}; the training packages need Python 3.10 or newer.`);
  }
  if (!existsSync(opts.requirementsPath)) {
    throw new TrainingEnvError('requirements', `The requirements file ${opts.requirementsPath} is missing.`);
  }
  const key = envKey(opts, version);
  const dir = join(envsDir(opts.root), key);
  mkdirSync(envsDir(opts.root), { recursive: true });
  const ready = readStamp(dir, key);
  if (ready) return ready;
  return withDirLock(`${dir}.lock`, async () => {
    const again = readStamp(dir, key); // another process may have built it while we waited
    if (again) return again;
    try {
      const built = await build(opts, dir, key, version);
      pruneOthers(opts.root, key, opts.onStep);
      return { ...built, seconds: (Date.now() - started) / 1000 };
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  });
}

async function step(opts: TrainingEnvOptions, name: string, message: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Promise<LoggedResult> {
  const t0 = Date.now();
  opts.onStep?.(message);
  const r = await runLogged(cmd, args, { env, onLine: opts.onLine, signal: opts.signal, tailLines: 30 });
  writeFileSync(logFile, `\n$ ${cmd} ${args.join(' ')}\n${r.output}`, { flag: 'a' });
  if (opts.signal?.aborted) throw new TrainingEnvError('cancelled', 'Cancelled; the half-built environment was removed.');
  if (r.code !== 0) {
    const why = r.spawnError ?? `exit code ${r.code}`;
    throw new TrainingEnvError(name, `${message} failed (${why}).`, r.tail, logFile);
  }
  opts.onStep?.(`${message} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return r;
}

async function build(opts: TrainingEnvOptions, dir: string, key: string, version: string): Promise<TrainingEnv> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const logFile = join(envsDir(opts.root), `${key}.log`);
  writeFileSync(logFile, `training environment ${key} (Python ${version})\n`);
  const env: NodeJS.ProcessEnv = {
    ...(opts.env ?? process.env),
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
    // pip's cache stays in the project's cache folder, not the home folder.
    PIP_CACHE_DIR: join(opts.root, 'pip-cache'),
  };
  delete env.PYTHONPATH;
  delete env.VIRTUAL_ENV;
  await step(opts, 'venv', `Creating a virtualenv in ${dir}`, basePython(opts), ['-m', 'venv', dir], env, logFile);
  const py = venvPython(dir);
  const requirements = readFileSync(opts.requirementsPath, 'utf8');
  const torch = await chooseTorch(py, requirements, env, opts);
  opts.onStep?.(`torch: ${torch.requirement} (${torch.reason})`);
  const derived = join(dir, 'requirements.txt');
  writeFileSync(derived, `${withTorch(requirements, torch.requirement)}\n${read(opts.localRequirementsPath)}`);
  const index = torch.extraIndexUrl ? ['--extra-index-url', torch.extraIndexUrl] : [];
  await step(opts, 'pip', 'Installing the training packages (torch, sentence-transformers, datasets, accelerate, optuna)', py,
    ['-m', 'pip', 'install', '--progress-bar', 'off', ...index, '-r', derived], env, logFile);
  const versions = await verify(opts, py, requirements, env, logFile);
  writeFileSync(join(dir, STAMP), JSON.stringify({ format: STAMP_FORMAT, key, python: version, torch: torch.requirement, versions, createdAt: new Date().toISOString() }, null, 2));
  return { dir, python: py, key, versions, torch: torch.requirement, created: true, seconds: 0 };
}

/** Picks the torch build (see torchChoice.ts); asks the venv's own pip which builds exist. */
async function chooseTorch(py: string, requirements: string, env: NodeJS.ProcessEnv, opts: TrainingEnvOptions): Promise<TorchChoice> {
  const override = env.FTE_TORCH_REQUIREMENT;
  if (override) return { requirement: override, extraIndexUrl: env.FTE_TORCH_INDEX_URL, reason: 'FTE_TORCH_REQUIREMENT' };
  const pin = torchPin(requirements);
  if (!pin) return { requirement: 'torch', reason: 'requirements.txt does not pin torch' };
  if (process.platform !== 'linux') return { requirement: `torch==${pin}`, reason: `${process.platform} wheels have no CUDA` };
  if (hasNvidiaGpu()) return { requirement: `torch==${pin}`, reason: 'an NVIDIA GPU is present' };
  for (const extra of [undefined, env.FTE_TORCH_INDEX_URL ?? TORCH_CPU_INDEX]) {
    opts.onStep?.(`Looking for a CPU build of torch ${pin}${extra ? ` on ${extra}` : ''}`);
    const r = await runLogged(py, ['-m', 'pip', 'index', 'versions', 'torch', '--retries', '0', '--timeout', '15', ...(extra ? ['--extra-index-url', extra] : [])], { env, signal: opts.signal });
    const best = r.code === 0 ? bestCpuVersion(parsePipIndexVersions(r.output), pin) : undefined;
    if (best) return { requirement: `torch==${best}`, extraIndexUrl: extra, reason: best === `${pin}+cpu` ? 'no NVIDIA GPU: the CPU build of the pin' : `no NVIDIA GPU: the newest CPU build not above the pin ${pin}` };
  }
  return { requirement: `torch==${pin}`, reason: 'no CPU build found on any index: the default build (with CUDA, several GB)' };
}

const VERIFY_PY = [
  'import importlib, importlib.metadata as md, json, sys',
  'for name in sys.argv[1:]:',
  '    importlib.import_module(name)',
  'print(json.dumps({d.metadata["Name"].lower(): d.version for d in md.distributions()}))',
].join('\n');

/** Imports every required module and checks that each `==` pin (but torch's) is what got installed. */
async function verify(opts: TrainingEnvOptions, py: string, requirements: string, env: NodeJS.ProcessEnv, logFile: string): Promise<Record<string, string>> {
  const r = await step(opts, 'verify', 'Checking that the packages import', py, ['-c', VERIFY_PY, ...REQUIRED_MODULES], env, logFile);
  const versions = JSON.parse(r.output.trim().split('\n').pop()!) as Record<string, string>;
  const wrong: string[] = [];
  for (const raw of requirements.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?\s*==\s*([^\s;#]+)/.exec(raw);
    if (!m || m[1]!.toLowerCase() === 'torch') continue;
    const name = m[1]!.toLowerCase().replace(/_/g, '-');
    const got = versions[name] ?? versions[name.replace(/-/g, '_')];
    if (got !== m[2]) wrong.push(`${m[1]} ${got ?? 'missing'} (pinned ${m[2]})`);
  }
  if (wrong.length) throw new TrainingEnvError('verify', `Installed versions differ from requirements.txt: ${wrong.join(', ')}.`, [], logFile);
  return versions;
}

const PRUNE_AFTER_MS = 7 * 24 * 3600_000;

function lastUsed(dir: string): number {
  try {
    return statSync(join(dir, STAMP)).mtimeMs;
  } catch {
    return 0; // never completed: a leftover of a failed build
  }
}

/**
 * Environments for other requirements are 1-2 GB each: remove those unused for a week (another
 * checkout on another branch may still use a recent one) and leftovers of failed builds.
 */
function pruneOthers(root: string, key: string, onStep?: (m: string) => void): void {
  for (const name of readdirSync(envsDir(root))) {
    if (name === key || !/^[0-9a-f]{12}$/.test(name) || existsSync(join(envsDir(root), `${name}.lock`))) continue;
    if (Date.now() - lastUsed(join(envsDir(root), name)) < PRUNE_AFTER_MS) continue;
    rmSync(join(envsDir(root), name), { recursive: true, force: true });
    rmSync(join(envsDir(root), `${name}.log`), { force: true });
    onStep?.(`Removed an environment unused for a week (${name}).`);
  }
}
