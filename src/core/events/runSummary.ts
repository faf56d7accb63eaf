import type { EventOf, Phase } from './protocol';

export type RunState = 'pending' | 'running' | 'completed' | 'failed';

/** One chart point; null where the library reported NaN/Infinity. */
export interface SeriesPoint {
  step: number;
  value: number | null;
}

export interface RunSeries {
  loss: SeriesPoint[];
  learningRate: SeriesPoint[];
  gradNorm: SeriesPoint[];
  samplesPerSecond: SeriesPoint[];
  /** Every evaluator key ("eval_dev_cosine_ap", "eval_loss"); the baseline is the point at step 0. */
  metrics: Record<string, SeriesPoint[]>;
}

/** Everything a run explorer or dashboard shows, folded from the event stream. Plain JSON. */
export interface RunSummary {
  runId: string | null;
  state: RunState;
  phase: Phase | null;
  /** Highest seq applied; events at or below it are duplicates (replays) and are skipped. */
  lastSeq: number;
  eventCount: number;
  startedAt: string | null;
  updatedAt: string | null;
  /** Processes that started this run: 1, plus one per resume. */
  attempts: number;
  started: EventOf<'run_started'> | null;
  dataset: EventOf<'dataset'> | null;
  hardNegatives: EventOf<'hard_negatives'> | null;
  /** What the run trains with (prompts, precision, parameters); null until the model is loaded. */
  setup: EventOf<'training_setup'> | null;
  progress: { step: number; totalSteps: number | null; epoch: number | null; fraction: number | null };
  primaryMetric: string | null;
  greaterIsBetter: boolean;
  baseline: { metrics: Record<string, number | null>; primaryValue: number | null; corpusSize: number | null } | null;
  latest: SeriesPoint | null;
  best: { step: number; value: number } | null;
  series: RunSeries;
  checkpoints: Array<{ step: number; path: string }>;
  warnings: Array<EventOf<'warning'>>;
  error: EventOf<'error'> | null;
  completed: EventOf<'completed'> | null;
}

export function createRunSummary(): RunSummary {
  return {
    runId: null,
    state: 'pending',
    phase: null,
    lastSeq: 0,
    eventCount: 0,
    startedAt: null,
    updatedAt: null,
    attempts: 0,
    started: null,
    dataset: null,
    hardNegatives: null,
    setup: null,
    progress: { step: 0, totalSteps: null, epoch: null, fraction: null },
    primaryMetric: null,
    greaterIsBetter: true,
    baseline: null,
    latest: null,
    best: null,
    series: { loss: [], learningRate: [], gradNorm: [], samplesPerSecond: [], metrics: {} },
    checkpoints: [],
    warnings: [],
    error: null,
    completed: null,
  };
}
