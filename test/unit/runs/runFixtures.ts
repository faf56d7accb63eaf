/**
 * Shared fixtures for the run-store and local-backend tests: typed events (so the compiler
 * checks their shape against the protocol), a RunMeta, a valid local config and a fake
 * gpu-templates folder whose finetune.py prints events behind the marker.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_MARKER } from '../../../src/core/events/protocol';
import type { EventOf, RunEvent } from '../../../src/core/events/protocol';
import type { RunMeta } from '../../../src/core/runs/runMeta';

export const PRIMARY = 'eval_dev_cosine_ap';

const base = (runId: string, seq: number) => ({ v: 1 as const, run_id: runId, seq, ts: new Date(Date.UTC(2026, 1, 1, 0, 0, 0, seq)).toISOString() });

export function runStarted(runId: string, seq: number): EventOf<'run_started'> {
  return {
    ...base(runId, seq), type: 'run_started', job_name: 'quora', task: 'duplicate-classification', model: 'm', libraries: { python: '3.11.7' },
    gpu_name: null, gpu_memory_mb: null, gpu_count: 0, world_size: 1, resumed: false, resume_step: null, primary_metric: PRIMARY, greater_is_better: true,
  };
}
export function phase(runId: string, seq: number, p: EventOf<'phase'>['phase'], totalSteps?: number): EventOf<'phase'> {
  return { ...base(runId, seq), type: 'phase', phase: p, ...(totalSteps === undefined ? {} : { total_steps: totalSteps }) };
}
export function baseline(runId: string, seq: number, value: number): EventOf<'baseline'> {
  return { ...base(runId, seq), type: 'baseline', metrics: { [PRIMARY]: value, eval_loss: 0.5 }, primary_metric: PRIMARY, primary_value: value };
}
export function trainLog(runId: string, seq: number, step: number, total = 1000): EventOf<'train_log'> {
  return {
    ...base(runId, seq), type: 'train_log', step, total_steps: total, epoch: step / total, loss: 1 / (1 + step * 0.01),
    learning_rate: 2e-5 * (1 - step / total), grad_norm: 3.25, samples_per_second: 812.5,
  };
}
export function evalEvent(runId: string, seq: number, step: number, value: number): EventOf<'eval'> {
  return { ...base(runId, seq), type: 'eval', step, epoch: step / 1000, metrics: { [PRIMARY]: value, eval_loss: 0.4 }, primary_metric: PRIMARY, primary_value: value };
}
export function completed(runId: string, seq: number, value: number): EventOf<'completed'> {
  return {
    ...base(runId, seq), type: 'completed', final_metrics: { [PRIMARY]: value }, baseline_metrics: { [PRIMARY]: 0.7 }, deltas: { [PRIMARY]: value - 0.7 },
    primary_metric: PRIMARY, primary_value: value, model_path: '/out/model', best_checkpoint: null, hub_url: null, durations: { total: 1 }, peak_gpu_memory_mb: null,
  };
}
export function errorEvent(runId: string, seq: number, message: string): EventOf<'error'> {
  return { ...base(runId, seq), type: 'error', category: 'dataset', message, hint: 'Check dataset.columns.', phase: 'preparing_data', traceback_tail: ['ValueError: x'] };
}

/** A short, complete run: started, phases, baseline, a few steps, one eval, completed. */
export function happyEvents(runId: string): RunEvent[] {
  let seq = 0;
  return [
    runStarted(runId, ++seq),
    phase(runId, ++seq, 'baseline'),
    baseline(runId, ++seq, 0.7),
    phase(runId, ++seq, 'training', 30),
    ...Array.from({ length: 3 }, (_, i) => trainLog(runId, ++seq, (i + 1) * 10, 30)),
    evalEvent(runId, ++seq, 30, 0.8),
    completed(runId, ++seq, 0.8),
  ];
}

export function makeMeta(id: string, over: Partial<RunMeta> = {}): RunMeta {
  return {
    version: 1, id, name: 'quora', configPath: 'quora.finetune.yaml', backend: 'local', state: 'starting',
    createdAt: '2026-02-01T00:00:00.000Z', endedAt: null, ref: null, gpu: null, gpuCount: 1, pricePerHour: 0, timeoutMinutes: 60,
    primaryMetric: PRIMARY, exitCode: null, message: null, cursor: { stdoutLines: 0, stderrLines: 0 }, ...over,
  };
}

export const marked = (e: RunEvent): string => `${EVENT_MARKER}${JSON.stringify(e)}`;

/** A valid config for the local backend (hub dataset: nothing to read from disk). */
export const LOCAL_CONFIG = `task: duplicate-classification
model: BAAI/bge-base-en-v1.5
dataset:
  hub: sentence-transformers/quora-duplicates
  subset: pair-class
  split: train
  columns: { text1: sentence1, text2: sentence2, label: label }
loss: OnlineContrastiveLoss
evaluator: BinaryClassificationEvaluator
compute: { backend: local, timeout_minutes: 60 }
`;

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface TemplateOptions {
  /** Events to print (run_id and ts are replaced by the real run id and the current time; seq kept). */
  events: RunEvent[];
  /** Seconds to sleep after each event. */
  delayS?: number;
  /** Seconds to sleep after the last event (a long-running job). */
  sleepAfterS?: number;
  exitCode?: number;
}

/**
 * A stand-in gpu-templates folder: finetune.py prints the events behind the marker, with a
 * non-event line and a stderr line between them, then exits with exitCode. It also reports
 * whether secret-like variables reached it, by name only.
 */
export function fakeTemplateDir(o: TemplateOptions): string {
  const dir = tempDir('fte-template-');
  const events = JSON.stringify(o.events.map((e) => ({ ...e, run_id: '__RUN_ID__' })));
  writeFileSync(join(dir, 'finetune.py'), `import datetime, json, os, sys, time
args = sys.argv[1:]
run_id = args[args.index("--run-id") + 1]
run_dir = args[args.index("--run-dir") + 1]
job = json.load(open(args[args.index("--job") + 1]))
os.makedirs(run_dir, exist_ok=True)
print("hf token present: %s" % ("yes" if os.environ.get("HF_TOKEN") else "no"), flush=True)
events = json.loads(${JSON.stringify(events)})
with open(os.path.join(run_dir, "events.jsonl"), "a") as copy:
    for e in events:
        e["run_id"] = run_id
        e["ts"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        line = json.dumps(e)
        copy.write(line + "\\n")
        print("@@fte@@ " + line, flush=True)
        print("library noise after seq %d" % e["seq"], flush=True)
        print("stderr after seq %d" % e["seq"], file=sys.stderr, flush=True)
        time.sleep(${o.delayS ?? 0})
time.sleep(${o.sleepAfterS ?? 0})
sys.exit(${o.exitCode ?? 0})
`);
  writeFileSync(join(dir, 'requirements.txt'), 'sentence-transformers==5.1.0\n');
  mkdirSync(join(dir, 'fte'), { recursive: true });
  writeFileSync(join(dir, 'fte', '__init__.py'), '');
  return dir;
}
