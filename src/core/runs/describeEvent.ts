import type { RunEvent } from '../events/protocol';
import { reportLine } from './testReport';

const fmt = (v: number | null | undefined, digits = 4): string => (v === null || v === undefined ? 'n/a' : Number(v.toFixed(digits)).toString());

/** One line of plain text per event, for terminals and logs; undefined for noise. */
export function describeEvent(e: RunEvent): string | undefined {
  switch (e.type) {
    case 'run_started':
      return `started ${e.model} on ${e.gpu_name ?? 'CPU'}${e.gpu_count > 1 ? ` ×${e.gpu_count}` : ''}${e.resumed ? ` (resumed at step ${e.resume_step})` : ''}`;
    case 'phase':
      return `phase: ${e.phase.replace('_', ' ')}`;
    case 'dataset':
      return `dataset: ${e.train_rows} train / ${e.validation_rows !== undefined ? `${e.validation_rows} validation / ${e.test_rows ?? e.eval_rows} test${e.test_source === 'dataset.eval' ? ' (dataset.eval)' : ''}` : `${e.eval_rows} held out`}${e.dropped_empty ? ` (${e.dropped_empty} empty rows dropped)` : ''}`;
    case 'hard_negatives':
      return `hard negatives: ${e.count} per row for ${e.mined_rows} of ${e.rows} rows${e.filled_rows ? ` (${e.filled_rows} got a random one)` : ''}; similarity positive ${fmt(e.positive_score, 3)}, negative ${fmt(e.negative_score, 3)} (${fmt(e.seconds, 1)} s)`;
    case 'baseline':
      return `baseline ${e.primary_metric} = ${fmt(e.primary_value)}${e.split ? ` on the ${e.split} split${e.n ? ` (${e.n} items${e.corpus_size ? `, ${e.corpus_size} documents` : ''})` : ''}` : ''}`;
    case 'train_log':
      return `step ${e.step}${e.total_steps ? `/${e.total_steps}` : ''}  loss ${fmt(e.loss)}  lr ${e.learning_rate === null ? 'n/a' : e.learning_rate.toExponential(2)}`;
    case 'eval':
      return `eval at step ${e.step}: ${e.primary_metric} = ${fmt(e.primary_value)}`;
    case 'checkpoint':
      return `checkpoint at step ${e.step}`;
    case 'warning':
      return `warning: ${e.message}${e.hint ? ` (${e.hint})` : ''}`;
    case 'completed': {
      const base = e.baseline_metrics[e.primary_metric];
      const delta = e.deltas[e.primary_metric];
      const ci = e.delta_ci95 ? `, 95% CI ${fmt(e.delta_ci95[0])} to ${fmt(e.delta_ci95[1])}` : '';
      return `completed: ${e.primary_metric} ${fmt(base)} -> ${fmt(e.primary_value)} (${delta !== null && delta !== undefined && delta >= 0 ? '+' : ''}${fmt(delta)}${ci}${e.verdict ? `: ${e.verdict}` : ''}) on the ${e.split ?? 'test'} split${e.n ? ` (${e.n} items${e.corpus_size ? `, ${e.corpus_size} documents` : ''})` : ''}; model at ${e.model_path}`;
    }
    case 'error':
      return `error (${e.category}): ${e.message}${e.hint ? `\n  hint: ${e.hint}` : ''}`;
    case 'trial_started':
      return `trial ${e.trial} started${e.worker !== undefined ? ` on worker ${e.worker}` : ''}: ${Object.entries(e.params).map(([k, v]) => `${k}=${v}`).join(', ')}`;
    case 'trial_finished':
      return `trial ${e.trial} ${e.state}: ${fmt(e.value)}${e.reason ? ` (${e.reason})` : ''}`;
    case 'sweep_best':
      return `new best: trial ${e.trial} = ${fmt(e.value)}`;
    case 'sweep_completed':
      return `sweep completed: best trial ${e.best_trial ?? 'none'} = ${fmt(e.best_value)} (validation)${e.test ? `; on the test set ${reportLine(e.test)}` : ''}${e.study_path ? `; study at ${e.study_path}` : ''}`;
    default:
      return undefined;
  }
}
