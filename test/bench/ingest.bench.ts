/**
 * Ingest throughput: stdout lines of a long run (mostly train_log, an eval + checkpoint every
 * EVAL_EVERY logs, phases, a few noise lines) fed through RunSink into a real RunStore: parsed,
 * validated, deduped by seq and appended to events.jsonl / run.log, with the store's real
 * durability (events.jsonl fsynced after phase/eval/checkpoint/..., run.json's cursor rewritten
 * atomically at the same boundaries). Target: >= 50,000 events/s.
 *
 * Discovered and bundled by scripts/bench.mjs. `check()` ingests one whole 100k-event run once,
 * verifies the store and prints events/s (to stderr, so --json output stays clean); the timed
 * benchmark ingests 10k-event slices of the same stream into fresh runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EVENT_MARKER } from '../../src/core/events/protocol';
import type { RunEvent } from '../../src/core/events/protocol';
import { RunSink } from '../../src/core/runs/runSink';
import { RunStore } from '../../src/core/runs/runStore';
import type { RunMeta } from '../../src/core/runs/runMeta';
import type { Benchmark } from './benchmark';


export const TOTAL_EVENTS = 100_000;
export const SLICE_EVENTS = 10_000;
export const TARGET_EVENTS_PER_S = 50_000;
/** Train logs between two evaluations (each followed by a checkpoint). */
const EVAL_EVERY = 50;
/** One non-event stdout line (library output) per this many events. */
const NOISE_EVERY = 100;
const PRIMARY = 'eval_dev_cosine_ap';

/** The stdout lines of one run with `n` events, and how many of them are events. */
export function realisticStdout(n: number, runId = 'bench-run'): { lines: string[]; events: number } {
  const lines: string[] = [];
  let seq = 0;
  let t = Date.UTC(2026, 10, 26, 12, 0, 0);
  const total = n * 2;
  const push = (e: Omit<RunEvent, 'v' | 'run_id' | 'seq' | 'ts'>) => {
    seq += 1;
    t += 137;
    lines.push(`${EVENT_MARKER}${JSON.stringify({ v: 1, run_id: runId, seq, ts: new Date(t).toISOString(), ...e })}`);
    if (seq % NOISE_EVERY === 0) lines.push(`{'loss': 0.2134, 'grad_norm': 3.1, 'learning_rate': 1.9e-05, 'epoch': ${(seq / n).toFixed(2)}}`);
  };
  const metrics = (v: number) => ({ [PRIMARY]: v, eval_dev_cosine_accuracy: v + 0.05, eval_dev_cosine_f1: v - 0.02, eval_loss: 1 - v });
  push({
    type: 'run_started', job_name: 'quora-duplicates', task: 'duplicate-classification', model: 'BAAI/bge-base-en-v1.5',
    libraries: { python: '3.11.9', 'sentence-transformers': '5.1.0', torch: '2.8.0' }, gpu_name: 'NVIDIA A10G', gpu_memory_mb: 23028,
    gpu_count: 1, world_size: 1, resumed: false, resume_step: null, primary_metric: PRIMARY, greater_is_better: true,
  } as never);
  push({ type: 'phase', phase: 'preparing_data' } as never);
  push({ type: 'dataset', total_rows: 404290, sampled_rows: 4043, dropped_empty: 0, train_rows: 3639, eval_rows: 404, columns: ['text1', 'text2', 'label'] } as never);
  push({ type: 'phase', phase: 'baseline' } as never);
  push({ type: 'baseline', metrics: metrics(0.71), primary_metric: PRIMARY, primary_value: 0.71 } as never);
  push({ type: 'phase', phase: 'training', total_steps: total } as never);
  let step = 0;
  let logs = 0;
  while (seq < n - 2) {
    step += 2;
    push({ type: 'train_log', step, total_steps: total, epoch: step / total * 10, loss: 0.9 / (1 + step / 1000), learning_rate: 2e-5 * (1 - step / total), grad_norm: 2.5 + (step % 7) / 10, samples_per_second: 812.4 } as never);
    if (++logs % EVAL_EVERY === 0 && seq < n - 4) {
      const v = 0.71 + 0.2 * (step / total);
      push({ type: 'eval', step, epoch: step / total * 10, metrics: metrics(v), primary_metric: PRIMARY, primary_value: v } as never);
      push({ type: 'checkpoint', step, path: `/vol/runs/${runId}/checkpoints/checkpoint-${step}` } as never);
    }
  }
  push({ type: 'phase', phase: 'saving' } as never);
  push({
    type: 'completed', final_metrics: metrics(0.91), baseline_metrics: metrics(0.71), deltas: { [PRIMARY]: 0.2 }, primary_metric: PRIMARY,
    primary_value: 0.91, model_path: `/vol/runs/${runId}/model`, best_checkpoint: null, hub_url: null, durations: { total: 3600 }, peak_gpu_memory_mb: 20111,
  } as never);
  return { lines, events: seq };
}

function meta(id: string): RunMeta {
  return {
    version: 1, id, name: 'bench', configPath: 'bench.finetune.yaml', backend: 'modal', state: 'running', createdAt: new Date().toISOString(),
    endedAt: null, ref: 'sb-bench', gpu: 'A10G', gpuCount: 1, pricePerHour: 1.1, timeoutMinutes: 60, primaryMetric: PRIMARY, exitCode: null,
    message: null, cursor: { stdoutLines: 0, stderrLines: 0 },
  };
}

/** Feeds `lines` through a fresh RunSink and closes it (as finishRun does); returns the store. */
export function ingest(store: RunStore, id: string, lines: string[]): void {
  store.create(meta(id), 'task: x\n', {} as never);
  const sink = new RunSink(store, id);
  for (let i = 0; i < lines.length; i++) sink.onStdoutLine(lines[i]!, i);
  sink.close();
}

/** Ingests one whole run of `n` events and reports events/s. */
export function measureRun(n = TOTAL_EVENTS): { events: number; seconds: number; perSecond: number; stored: number } {
  const { lines, events } = realisticStdout(n);
  const root = mkdtempSync(join(tmpdir(), 'fte-ingest-'));
  try {
    const store = new RunStore(root);
    const t0 = performance.now();
    ingest(store, 'full', lines);
    const seconds = (performance.now() - t0) / 1000;
    return { events, seconds, perSecond: events / seconds, stored: store.readEvents('full').length };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const stream = realisticStdout(TOTAL_EVENTS);
let sliceRoot: string | undefined;
let sliceNo = 0;

/** 10k-event slices of the same stream, each into a fresh run (seq continues, so nothing is deduped away). */
function ingestSlice(): void {
  sliceRoot ??= mkdtempSync(join(tmpdir(), 'fte-ingest-slices-'));
  const store = new RunStore(sliceRoot);
  const linesPerSlice = Math.floor(stream.lines.length / (TOTAL_EVENTS / SLICE_EVENTS));
  const start = (sliceNo % (TOTAL_EVENTS / SLICE_EVENTS)) * linesPerSlice;
  const id = `slice-${sliceNo++}`;
  ingest(store, id, stream.lines.slice(start, start + linesPerSlice));
  store.delete(id);
}

export const benchmarks: Benchmark[] = [
  {
    name: `ingest ${SLICE_EVENTS / 1000}k events through RunSink (fsync at phase boundaries and the end; target >= ${TARGET_EVENTS_PER_S / 1000}k events/s)`,
    run: ingestSlice,
    runs: 5,
    targetMs: (SLICE_EVENTS / TARGET_EVENTS_PER_S) * 1000,
    check() {
      const r = measureRun();
      if (r.stored !== r.events) throw new Error(`stored ${r.stored} of ${r.events} events`);
      process.stderr.write(`  one ${r.events}-event run: ${Math.round(r.perSecond).toLocaleString('en-US')} events/s (${r.seconds.toFixed(2)} s)${r.perSecond < TARGET_EVENTS_PER_S ? '  BELOW TARGET' : ''}\n`);
    },
  },
];
