import { describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../src/core/events/protocol';
import { applyEvent, summarize } from '../../../src/core/events/reducer';
import { createRunSummary } from '../../../src/core/events/runSummary';

type Body = Record<string, unknown> & { type: RunEvent['type'] };
let seq = 0;
const ev = (body: Body, run_id = 'r1'): RunEvent =>
  ({ v: 1, run_id, seq: ++seq, ts: `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z`, ...body }) as RunEvent;

const started = (extra: Record<string, unknown> = {}): Body => ({
  type: 'run_started', job_name: 'j', task: 't', model: 'm', libraries: {}, gpu_name: 'H100', gpu_memory_mb: 80000,
  gpu_count: 1, world_size: 1, resumed: false, resume_step: null, primary_metric: 'eval_dev_x', greater_is_better: true, ...extra,
});
const log = (step: number, loss: number | null = 1 / step): Body => ({
  type: 'train_log', step, total_steps: 100, epoch: step / 100, loss, learning_rate: 1e-5, grad_norm: 1, samples_per_second: 10,
});
const evalAt = (step: number, value: number | null): Body => ({
  type: 'eval', step, epoch: step / 100, metrics: { eval_dev_x: value, eval_loss: 0.5 }, primary_metric: 'eval_dev_x', primary_value: value,
});

describe('reducer', () => {
  it('starts pending and folds a run', () => {
    seq = 0;
    const s = createRunSummary();
    expect(s.state).toBe('pending');
    const events = [
      ev(started()),
      ev({ type: 'phase', phase: 'baseline' }),
      ev({ type: 'baseline', metrics: { eval_dev_x: 0.5 }, primary_metric: 'eval_dev_x', primary_value: 0.5 }),
      ev({ type: 'phase', phase: 'training', total_steps: 100 }),
      ev(log(10)), ev(evalAt(10, 0.6)), ev(log(20, null)), ev(evalAt(20, 0.55)),
      ev({ type: 'checkpoint', step: 20, path: '/c/checkpoint-20' }),
    ];
    for (const e of events) expect(applyEvent(s, e)).toBe(true);
    expect(s.state).toBe('running');
    expect(s.phase).toBe('training');
    expect(s.progress).toEqual({ step: 20, totalSteps: 100, epoch: 0.2, fraction: 0.2 });
    expect(s.baseline?.primaryValue).toBe(0.5);
    expect(s.series.metrics['eval_dev_x']).toEqual([{ step: 0, value: 0.5 }, { step: 10, value: 0.6 }, { step: 20, value: 0.55 }]);
    expect(s.series.loss).toEqual([{ step: 10, value: 0.1 }, { step: 20, value: null }]);
    expect(s.latest).toEqual({ step: 20, value: 0.55 });
    expect(s.best).toEqual({ step: 10, value: 0.6 });
    expect(s.checkpoints).toHaveLength(1);
    expect(s.startedAt).toBe(events[0]!.ts);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s); // plain JSON: safe to post to a webview
  });

  it('dedupes by seq and ignores other runs', () => {
    seq = 0;
    const a = ev(started());
    const b = ev(log(5));
    const s = summarize([a, b, b, a]);
    expect(s.eventCount).toBe(2);
    expect(s.series.loss).toHaveLength(1);
    expect(applyEvent(s, ev(log(6), 'other-run'))).toBe(false);
    expect(s.series.loss).toHaveLength(1);
  });

  it('tracks the best by direction and skips null values', () => {
    seq = 0;
    const s = summarize([ev(started({ greater_is_better: false })), ev(evalAt(1, 0.4)), ev(evalAt(2, null)), ev(evalAt(3, 0.3)), ev(evalAt(4, 0.35))]);
    expect(s.best).toEqual({ step: 3, value: 0.3 });
    expect(s.latest).toEqual({ step: 4, value: 0.35 });
  });

  it('records warnings, errors and completion', () => {
    seq = 0;
    const s = summarize([
      ev(started()), ev({ type: 'phase', phase: 'training', total_steps: 100 }), ev(log(50)),
      ev({ type: 'warning', code: 'collapsed_loss', message: 'm', hint: 'h' }),
      ev({ type: 'completed', final_metrics: { eval_dev_x: 0.7 }, baseline_metrics: { eval_dev_x: 0.5 }, deltas: { eval_dev_x: 0.2 },
        primary_metric: 'eval_dev_x', primary_value: 0.7, model_path: '/m', best_checkpoint: null, hub_url: null,
        durations: { total: 3 }, peak_gpu_memory_mb: 100 }),
    ]);
    expect(s.state).toBe('completed');
    expect(s.phase).toBeNull();
    expect(s.progress.fraction).toBe(1);
    expect(s.warnings.map((w) => w.code)).toEqual(['collapsed_loss']);
    expect(s.completed?.deltas).toEqual({ eval_dev_x: 0.2 });

    seq = 0;
    const failed = summarize([ev(started()), ev({ type: 'error', category: 'auth', message: 'no', hint: null, phase: 'loading_model', traceback_tail: [] })]);
    expect(failed.state).toBe('failed');
    expect(failed.error?.category).toBe('auth');
  });

  it('a resume clears the failure and drops points after the resumed checkpoint', () => {
    seq = 0;
    const s = summarize([
      ev(started()), ev(log(10)), ev(evalAt(10, 0.6)), ev({ type: 'checkpoint', step: 10, path: '/c10' }),
      ev(log(20)), ev(evalAt(20, 0.9)), ev({ type: 'error', category: 'out_of_memory', message: 'oom', hint: null, phase: 'training', traceback_tail: [] }),
      ev(started({ resumed: true, resume_step: 10 })),
    ]);
    expect(s.state).toBe('running');
    expect(s.error).toBeNull();
    expect(s.attempts).toBe(2);
    expect(s.series.loss.map((p) => p.step)).toEqual([10]);
    expect(s.series.metrics['eval_dev_x']?.map((p) => p.step)).toEqual([10]);
    expect(s.best).toEqual({ step: 10, value: 0.6 });
    expect(s.progress.step).toBe(10);
  });

  it('error before run_started (missing package) still fails the run', () => {
    seq = 0;
    const s = summarize([ev({ type: 'error', category: 'environment', message: 'no st', hint: 'pip', phase: null, traceback_tail: [] })]);
    expect(s.state).toBe('failed');
    expect(s.attempts).toBe(0);
  });
});

describe('the evaluator names the primary metric', () => {
  it('takes the baseline event\'s key over run_started\'s prediction (a dot-product model)', () => {
    seq = 0;
    const s = summarize([
      ev(started({ primary_metric: 'eval_dev_cosine_ndcg@10' })),
      ev({ type: 'baseline', metrics: { 'eval_dev_dot_ndcg@10': 0.4 }, primary_metric: 'eval_dev_dot_ndcg@10', primary_value: 0.4, corpus_size: 575 }),
      ev({ type: 'eval', step: 10, epoch: 1, metrics: { 'eval_dev_dot_ndcg@10': 0.6 }, primary_metric: 'eval_dev_dot_ndcg@10', primary_value: 0.6 }),
    ]);
    expect(s.primaryMetric).toBe('eval_dev_dot_ndcg@10');
    expect(s.baseline).toEqual({ metrics: { 'eval_dev_dot_ndcg@10': 0.4 }, primaryValue: 0.4, corpusSize: 575 });
    expect(s.best).toEqual({ step: 10, value: 0.6 });
  });
});
