/** One event of every type, written by the TypeScript side (typed, so the compiler checks them). */
import type { RunEvent } from '../../../src/core/events/protocol';

const base = (seq: number) => ({ v: 1 as const, run_id: 'ts-fixture', seq, ts: `2026-02-01T00:00:${String(seq).padStart(2, '0')}.000Z` });
const metrics = { eval_dev_spearman_cosine: 0.81, eval_dev_pearson_cosine: null, eval_loss: 0.12 };

export const tsEvents: RunEvent[] = [
  { ...base(1), type: 'run_started', job_name: 'sts', task: 'semantic-similarity', model: 'm', libraries: { python: '3.11.7', optuna: null },
    gpu_name: null, gpu_memory_mb: null, gpu_count: 0, world_size: 1, resumed: false, resume_step: null,
    primary_metric: 'eval_dev_spearman_cosine', greater_is_better: true },
  { ...base(2), type: 'phase', phase: 'preparing_data' },
  { ...base(3), type: 'dataset', total_rows: 10, sampled_rows: 10, dropped_empty: 0, train_rows: 9, eval_rows: 1, columns: ['text1', 'text2', 'score'] },
  { ...base(4), type: 'baseline', metrics, primary_metric: 'eval_dev_spearman_cosine', primary_value: 0.81 },
  { ...base(5), type: 'phase', phase: 'training', total_steps: 100 },
  { ...base(6), type: 'train_log', step: 1, total_steps: 100, epoch: 0.01, loss: null, learning_rate: 1e-5, grad_norm: null, samples_per_second: 12.5 },
  { ...base(7), type: 'eval', step: 10, epoch: 0.1, metrics, primary_metric: 'eval_dev_spearman_cosine', primary_value: null },
  { ...base(8), type: 'checkpoint', step: 10, path: '/vol/runs/x/checkpoints/checkpoint-10' },
  { ...base(9), type: 'warning', code: 'collapsed_loss', message: 'm', hint: null },
  { ...base(10), type: 'completed', final_metrics: metrics, baseline_metrics: metrics, deltas: { eval_loss: -0.01 },
    primary_metric: 'eval_dev_spearman_cosine', primary_value: 0.83, model_path: '/m', best_checkpoint: null, hub_url: null,
    durations: { total: 1.5 }, peak_gpu_memory_mb: null },
  { ...base(11), type: 'error', category: 'network', message: 'm', hint: null, phase: 'pushing', traceback_tail: [] },
  { ...base(12), type: 'trial_started', trial: 0, params: { learning_rate: 2e-5, loss: 'CoSENTLoss', flag: true } },
  { ...base(13), type: 'trial_report', trial: 0, step: 10, value: 0.5 },
  { ...base(14), type: 'trial_finished', trial: 0, state: 'pruned', value: null, params: {} },
  { ...base(15), type: 'sweep_best', trial: 0, value: 0.5, params: {} },
  { ...base(16), type: 'sweep_completed', trials: 1, best_trial: 0, best_value: 0.5, best_params: { learning_rate: 2e-5 } },
];
