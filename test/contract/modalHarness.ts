/**
 * Shared setup for the Modal contract tests: the real `modal` SDK against the fake control plane.
 * Importing this module isolates the SDK from the developer's machine (no ~/.modal.toml, no
 * MODAL_* variables); it must be imported before anything loads `modal`.
 */
import os from 'node:os';
import path from 'node:path';
import type { JobSpec } from '../../src/core/job/jobSpec';
import type { LaunchPhase, RunCallbacks } from '../../src/core/backends/jobBackend';
import { createModalBackend, type ModalBackendOptions } from '../../src/core/backends/modal/modalBackend';
import type { FakeModal } from './fakeModal/server';

for (const k of Object.keys(process.env)) if (k.startsWith('MODAL_')) delete process.env[k];
process.env.MODAL_CONFIG_PATH = path.join(os.tmpdir(), 'no-such-dir-fte', '.modal.toml');

export const REQUIREMENTS = 'sentence-transformers==6.0.0\naccelerate==1.10.0\n# comment\ndatasets==4.0.0\n';

export function makeJob(compute: Partial<JobSpec['compute']> = {}, output: Partial<JobSpec['output']> = {}): JobSpec {
  return {
    spec_version: 1,
    name: 'quora-duplicates-UNIQUE-CONFIG-VALUE',
    task: 'pair-classification',
    model: 'sentence-transformers/all-MiniLM-L6-v2',
    dataset: { hub: 'sentence-transformers/quora-duplicates', path: null, format: null, subset: 'pair-class', split: 'train', test_size: 0.1, validation_size: 0.1, validation_max: null, split_seed: 42, eval: null, corpus: null, sample: null, columns: [], label_map: null, score_range: null, split_by: null, drop_duplicates: false, synthesize: null },
    loss: { name: 'ContrastiveLoss', args: {}, family: 'contrastive', guide_model: null },
    matryoshka: null,
    evaluator: { name: 'BinaryClassificationEvaluator', eval_names: ['dev'], metric_keys: ['eval_dev_cosine_ap'], primary_metric: 'eval_dev_cosine_ap', primary_metric_name: 'cosine_ap', greater_is_better: true },
    training: { epochs: 1, batch_size: 16, learning_rate: 2e-5, warmup_ratio: 0.1, weight_decay: 0.01, precision: 'auto', eval_steps: 100, save_total_limit: 2, seed: 42, batch_sampler: 'batch_sampler', max_seq_length: null, gradient_accumulation_steps: 1, hard_negatives: null },
    compute: { backend: 'modal', gpu: 'A10G', gpu_count: 1, timeout_minutes: 10, cpu: 4, memory_gb: 16, ...compute },
    output: { push_to_hub: null, hf_secret: null, private: true, ...output },
    sweep: null,
    evaluation: null,
  };
}

export interface ScriptOptions {
  lines: number;
  delayS: number;
  exitCode?: number;
  /** Print "line i" forever (for cancel/timeout tests). */
  forever?: boolean;
}

/** A stand-in for gpu-templates/finetune.py: prints numbered lines slowly, some to stderr. */
export function script(o: ScriptOptions): string {
  return `import json, os, sys, time
job = json.load(open(sys.argv[sys.argv.index("--job") + 1]))
run_dir = sys.argv[sys.argv.index("--run-dir") + 1]
assert run_dir == os.environ["FINETUNE_RUN_DIR"]
assert sys.argv[sys.argv.index("--run-id") + 1] == os.environ["FINETUNE_RUN_ID"]
os.makedirs(run_dir, exist_ok=True)
with open(os.path.join(run_dir, "started.txt"), "w") as f:
    f.write(job["name"])
if job["dataset"]["path"]:
    print("dataset %s bytes=%d" % (job["dataset"]["path"], os.path.getsize(job["dataset"]["path"])))
print("secret=%s" % ("yes" if os.environ.get("HF_TOKEN") == "hf-test-token" else "no"))
print("unicode: grüße ✓ 東京")
i = 0
while ${o.forever ? 'True' : `i < ${o.lines}`}:
    print("line %d %s" % (i, "x" * (i % 7)), flush=True)
    if i % 5 == 0:
        print("warn %d" % i, file=sys.stderr, flush=True)
    time.sleep(${o.delayS})
    i += 1
sys.stdout.write("tail-without-newline")
sys.stdout.flush()
sys.exit(${o.exitCode ?? 0})
`;
}

export function expectedLines(n: number, prefix: string[] = ['secret=no']): string[] {
  const out = [...prefix, 'unicode: grüße ✓ 東京'];
  for (let i = 0; i < n; i++) out.push(`line ${i} ${'x'.repeat(i % 7)}`);
  out.push('tail-without-newline');
  return out;
}

export interface Recorder extends RunCallbacks {
  stdout: string[];
  indices: number[];
  stderr: string[];
  build: string[];
  phases: LaunchPhase[];
  warnings: string[];
  /** onConnection reports, e.g. "reconnecting: the stdout stream failed (...)". */
  connections: string[];
  refs: string[];
  /** Resolves once at least n stdout lines arrived. */
  untilLines(n: number, timeoutMs?: number): Promise<void>;
}

export function recorder(): Recorder {
  const waiters: Array<() => void> = [];
  const r: Recorder = {
    stdout: [], indices: [], stderr: [], build: [], phases: [], warnings: [], connections: [], refs: [],
    onStdoutLine: (line, i) => {
      r.stdout.push(line);
      r.indices.push(i);
      for (const w of waiters.splice(0)) w();
    },
    onStderrLine: (line) => r.stderr.push(line),
    onBuildLog: (line) => r.build.push(line),
    onPhase: (p) => r.phases.push(p),
    onWarning: (m) => r.warnings.push(m),
    onConnection: (state, detail) => r.connections.push(`${state}: ${detail}`),
    onRef: (ref) => r.refs.push(ref),
    untilLines: async (n, timeoutMs = 15_000) => {
      const deadline = Date.now() + timeoutMs;
      while (r.stdout.length < n) {
        if (Date.now() > deadline) throw new Error(`only ${r.stdout.length} of ${n} lines arrived`);
        await new Promise<void>((res) => { waiters.push(res); setTimeout(res, 200); });
      }
    },
  };
  return r;
}

export function backendFor(fake: FakeModal, extra: Partial<ModalBackendOptions> = {}) {
  return createModalBackend({
    appName: 'finetune-embeddings',
    volumeName: 'ft-vol',
    serverUrl: fake.url,
    credentials: { tokenId: fake.tokenId, tokenSecret: fake.tokenSecret },
    drainTimeoutMs: 10_000,
    ...extra,
  });
}

export function processGone(pid: number | undefined): boolean {
  if (pid === undefined) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}
