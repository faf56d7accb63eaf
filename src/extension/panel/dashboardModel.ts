/** RunMeta + RunSummary -> the dashboard's protocol shapes. Pure (no `vscode`), unit-tested. */
import { EVALUATORS, SIMILARITIES, withSimilarity } from '../../core/catalog/evaluators';
import type { RunSummary, SeriesPoint } from '../../core/events/runSummary';
import type { RunMeta } from '../../core/runs/runMeta';
import { isReconnecting } from '../../core/runs/runMeta';
import { testReport } from '../../core/runs/testReport';
import type { RunSeriesData, RunStatus, Series } from '../../protocol/models';

/** Points from index `from` on, in columns. */
export function toSeries(points: readonly SeriesPoint[], from = 0): Series {
  const n = Math.max(0, points.length - from);
  const x = new Array<number>(n);
  const y = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const p = points[from + i]!;
    x[i] = p.step;
    y[i] = p.value;
  }
  return { x, y };
}

/** The evaluator's metric keys in catalog order, followed by any other key the run logged. */
export function orderedMetricKeys(primary: string | null, present: readonly string[]): string[] {
  if (!primary) return [...present].sort();
  for (const evaluator of EVALUATORS) {
    for (const sim of SIMILARITIES) {
      const name = withSimilarity(evaluator.primaryMetric, sim);
      if (!primary.endsWith(`_${name}`)) continue;
      const prefix = primary.slice(0, primary.length - name.length);
      const ordered = evaluator.metrics.map((m) => prefix + withSimilarity(m, sim)).filter((k) => present.includes(k));
      return [...ordered, ...present.filter((k) => !ordered.includes(k)).sort()];
    }
  }
  return [...present].sort();
}

function latestMetrics(s: RunSummary): Record<string, number | null> | null {
  if (s.completed) return s.completed.final_metrics;
  const out: Record<string, number | null> = {};
  for (const [key, points] of Object.entries(s.series.metrics)) {
    const last = points.at(-1);
    if (last && last.step > 0) out[key] = last.value;
  }
  return Object.keys(out).length ? out : null;
}

function etaSeconds(meta: RunMeta, s: RunSummary): number | null {
  const f = s.progress.fraction;
  if (meta.state !== 'running' || f === null || f <= 0 || f >= 1 || !s.startedAt || !s.updatedAt) return null;
  const elapsed = (Date.parse(s.updatedAt) - Date.parse(s.startedAt)) / 1000;
  return elapsed > 0 ? (elapsed * (1 - f)) / f : null;
}

/** `measuredEta`: seconds left at the pace measured while watching (RunsController.paces); else extrapolated from the run's start. */
export function runStatus(meta: RunMeta, s: RunSummary, logTail: string[], measuredEta: number | null = null): RunStatus {
  const primary = s.primaryMetric ?? meta.primaryMetric ?? null;
  const present = [...new Set([...Object.keys(s.series.metrics), ...Object.keys(s.baseline?.metrics ?? {})])];
  return {
    runId: meta.id, name: meta.name, configPath: meta.configPath, backend: meta.backend, state: meta.state,
    message: meta.message, createdAt: meta.createdAt, endedAt: meta.endedAt,
    gpu: meta.gpu, gpuName: s.started?.gpu_name ?? null, gpuCount: meta.gpuCount, pricePerHour: meta.pricePerHour,
    timeoutMinutes: meta.timeoutMinutes, task: s.started?.task ?? null, model: s.started?.model ?? null,
    phase: s.phase, step: s.progress.step, totalSteps: s.progress.totalSteps, fraction: s.progress.fraction,
    epoch: s.progress.epoch, attempts: s.attempts, reconnecting: isReconnecting(meta), etaSeconds: meta.state === 'running' && measuredEta !== null ? measuredEta : etaSeconds(meta, s), updatedAt: s.updatedAt,
    primaryMetric: primary, greaterIsBetter: s.greaterIsBetter, metricKeys: orderedMetricKeys(primary, present),
    baseline: s.completed?.baseline_metrics ?? s.baseline?.metrics ?? null, latest: latestMetrics(s), finalIsComplete: s.completed !== null,
    split: s.completed?.split ?? (s.completed ? 'test' : 'validation'), report: reportOf(s), best: s.best,
    dataset: s.dataset ? {
      trainRows: s.dataset.train_rows, evalRows: s.dataset.eval_rows, validationRows: s.dataset.validation_rows ?? null,
      testRows: s.dataset.test_rows ?? null, corpusSize: s.baseline?.corpusSize ?? null,
    } : null,
    hardNegatives: hardNegatives(s),
    setup: setup(s),
    warnings: s.warnings.map((w) => ({ code: w.code, message: w.message, hint: w.hint })),
    error: s.error ? { category: s.error.category, message: s.error.message, hint: s.error.hint, phase: s.error.phase } : null,
    completed: s.completed ? { modelPath: s.completed.model_path, hubUrl: s.completed.hub_url, bestCheckpoint: s.completed.best_checkpoint, totalSeconds: s.completed.durations['total'] ?? null } : null,
    logTail,
  };
}

function reportOf(s: RunSummary): RunStatus['report'] {
  const r = testReport(s);
  return r ? {
    metric: r.metric, n: r.n, corpusSize: r.corpus_size, baseline: r.baseline, finetuned: r.finetuned, delta: r.delta, ci95: r.delta_ci95, verdict: r.verdict,
    also: r.also.map((a) => ({ name: a.name, metric: a.metric, n: a.n, baseline: a.baseline, finetuned: a.finetuned, delta: a.delta, ci95: a.delta_ci95, verdict: a.verdict })),
  } : null;
}

function hardNegatives(s: RunSummary): RunStatus['hardNegatives'] {
  const e = s.hardNegatives;
  return e ? { rows: e.rows, minedRows: e.mined_rows, filledRows: e.filled_rows, count: e.count, sampling: e.sampling,
    positiveScore: e.positive_score, negativeScore: e.negative_score, seconds: e.seconds } : null;
}

function setup(s: RunSummary): RunStatus['setup'] {
  const e = s.setup;
  return e ? { precision: e.precision, tf32: e.tf32, computeCapability: e.compute_capability, maxSeqLength: e.max_seq_length,
    prompts: e.prompts, trainableParameters: e.trainable_parameters, totalParameters: e.total_parameters,
    negativesPerExample: e.negatives_per_example ?? null } : null;
}

type Lengths = { loss: number; learningRate: number; metrics: Record<string, number> };

/**
 * Remembers how many points of each series were sent, so a visible dashboard gets only the new
 * ones. A series that shrank (a resumed run drops the stale tail) needs a fresh snapshot.
 */
export class DashboardFeed {
  private sent: Lengths | undefined;

  snapshot(meta: RunMeta, s: RunSummary, logTail: string[], measuredEta: number | null = null): { status: RunStatus; series: RunSeriesData } {
    const series: RunSeriesData = { loss: toSeries(s.series.loss), learningRate: toSeries(s.series.learningRate), metrics: {} };
    for (const [key, points] of Object.entries(s.series.metrics)) series.metrics[key] = toSeries(points);
    this.sent = lengths(s);
    return { status: runStatus(meta, s, logTail, measuredEta), series };
  }

  /** New points since the last snapshot/delta; undefined when a snapshot is needed instead. */
  delta(meta: RunMeta, s: RunSummary, logTail: string[], measuredEta: number | null = null): { status: RunStatus; append: RunSeriesData } | undefined {
    const sent = this.sent;
    if (!sent) return undefined;
    const now = lengths(s);
    if (now.loss < sent.loss || now.learningRate < sent.learningRate) return undefined;
    if (Object.entries(sent.metrics).some(([k, n]) => (now.metrics[k] ?? 0) < n)) return undefined;
    const append: RunSeriesData = { loss: toSeries(s.series.loss, sent.loss), learningRate: toSeries(s.series.learningRate, sent.learningRate), metrics: {} };
    for (const [key, points] of Object.entries(s.series.metrics)) {
      const from = sent.metrics[key] ?? 0;
      if (points.length > from) append.metrics[key] = toSeries(points, from);
    }
    this.sent = now;
    return { status: runStatus(meta, s, logTail, measuredEta), append };
  }

  reset(): void {
    this.sent = undefined;
  }
}

function lengths(s: RunSummary): Lengths {
  const metrics: Record<string, number> = {};
  for (const [k, p] of Object.entries(s.series.metrics)) metrics[k] = p.length;
  return { loss: s.series.loss.length, learningRate: s.series.learningRate.length, metrics };
}
