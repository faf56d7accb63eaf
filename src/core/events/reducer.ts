import type { EventOf, RunEvent } from './protocol';
import { createRunSummary } from './runSummary';
import type { RunSummary, SeriesPoint } from './runSummary';

/**
 * Applies one event to the summary IN PLACE (series grow by push, so a long run stays linear)
 * and returns whether it was applied. Events of another run, or with a seq already seen
 * (a replayed log after a reattach), are skipped. A run's events come from one writer in seq
 * order, so "already seen" is "seq <= lastSeq".
 */
export function applyEvent(s: RunSummary, e: RunEvent): boolean {
  if (s.runId !== null && e.run_id !== s.runId) return false;
  if (e.seq <= s.lastSeq) return false;
  s.runId = e.run_id;
  s.lastSeq = e.seq;
  s.eventCount += 1;
  s.startedAt ??= e.ts;
  s.updatedAt = e.ts;
  if (s.state === 'pending') s.state = 'running';
  switch (e.type) {
    case 'run_started': return onStarted(s, e);
    case 'phase':
      s.phase = e.phase;
      if (e.total_steps !== undefined) setTotal(s, e.total_steps);
      return true;
    case 'dataset': s.dataset = e; return true;
    case 'hard_negatives': s.hardNegatives = e; return true;
    case 'training_setup': s.setup = e; return true;
    case 'baseline':
      s.baseline = { metrics: e.metrics, primaryValue: e.primary_value, corpusSize: e.corpus_size ?? null };
      s.primaryMetric = e.primary_metric; // the evaluator's own key replaces run_started's prediction
      for (const [key, value] of Object.entries(e.metrics)) addPoint(s, key, { step: 0, value });
      return true;
    case 'train_log': return onTrainLog(s, e);
    case 'eval': return onEval(s, e);
    case 'checkpoint':
      s.checkpoints.push({ step: e.step, path: e.path });
      return true;
    case 'warning': s.warnings.push(e); return true;
    case 'completed':
      s.completed = e;
      s.state = 'completed';
      s.phase = null;
      if (s.progress.totalSteps !== null) setStep(s, s.progress.totalSteps);
      return true;
    case 'error':
      s.error = e;
      s.state = 'failed';
      return true;
    default:
      return true; // sweep events: reserved, summarised elsewhere
  }
}

/** Folds a whole stream into a fresh summary. */
export function summarize(events: Iterable<RunEvent>): RunSummary {
  const s = createRunSummary();
  for (const e of events) applyEvent(s, e);
  return s;
}

function onStarted(s: RunSummary, e: EventOf<'run_started'>): boolean {
  s.started = e;
  s.attempts += 1;
  s.state = 'running';
  s.error = null;
  s.completed = null;
  s.phase = null;
  s.primaryMetric = e.primary_metric;
  s.greaterIsBetter = e.greater_is_better;
  if (e.resumed && e.resume_step !== null) truncateAfter(s, e.resume_step);
  return true;
}

function onTrainLog(s: RunSummary, e: EventOf<'train_log'>): boolean {
  if (e.total_steps !== null) setTotal(s, e.total_steps);
  setStep(s, e.step);
  s.progress.epoch = e.epoch;
  s.series.loss.push({ step: e.step, value: e.loss });
  s.series.learningRate.push({ step: e.step, value: e.learning_rate });
  s.series.gradNorm.push({ step: e.step, value: e.grad_norm });
  s.series.samplesPerSecond.push({ step: e.step, value: e.samples_per_second });
  return true;
}

function onEval(s: RunSummary, e: EventOf<'eval'>): boolean {
  setStep(s, e.step);
  if (e.epoch !== null) s.progress.epoch = e.epoch;
  for (const [key, value] of Object.entries(e.metrics)) addPoint(s, key, { step: e.step, value });
  s.primaryMetric ??= e.primary_metric;
  s.latest = { step: e.step, value: e.primary_value };
  if (e.primary_value !== null && isBetter(s, e.primary_value)) s.best = { step: e.step, value: e.primary_value };
  return true;
}

function isBetter(s: RunSummary, value: number): boolean {
  if (s.best === null) return true;
  return s.greaterIsBetter ? value > s.best.value : value < s.best.value;
}

function addPoint(s: RunSummary, key: string, point: SeriesPoint): void {
  (s.series.metrics[key] ??= []).push(point);
}

function setTotal(s: RunSummary, total: number): void {
  s.progress.totalSteps = total;
  setStep(s, s.progress.step);
}

function setStep(s: RunSummary, step: number): void {
  s.progress.step = step;
  const total = s.progress.totalSteps;
  s.progress.fraction = total ? Math.min(1, step / total) : null;
}

/** A resumed process restarts at its checkpoint: what the previous attempt logged later is stale. */
function truncateAfter(s: RunSummary, step: number): void {
  const keep = (points: SeriesPoint[]) => points.filter((p) => p.step <= step);
  const { series } = s;
  series.loss = keep(series.loss);
  series.learningRate = keep(series.learningRate);
  series.gradNorm = keep(series.gradNorm);
  series.samplesPerSecond = keep(series.samplesPerSecond);
  for (const key of Object.keys(series.metrics)) series.metrics[key] = keep(series.metrics[key] ?? []);
  s.checkpoints = s.checkpoints.filter((c) => c.step <= step);
  setStep(s, Math.min(s.progress.step, step));
  const primary = s.primaryMetric ? (series.metrics[s.primaryMetric] ?? []).filter((p) => p.step > 0) : [];
  s.latest = primary.at(-1) ?? null;
  s.best = null;
  for (const p of primary) if (p.value !== null && isBetter(s, p.value)) s.best = { step: p.step, value: p.value };
}
