import { listWords, nearest } from '../nearest';
import type { CheckContext } from './context';
import { num, obj, report, str } from './context';
import { SIMILARITIES, withSimilarity } from '../../catalog/evaluators';

const TUNABLE_TRAINING = ['learning_rate', 'batch_size', 'epochs', 'warmup_ratio', 'weight_decay', 'gradient_accumulation_steps', 'max_seq_length'];
const INTEGER_SETTINGS = new Set(['batch_size', 'gradient_accumulation_steps', 'max_seq_length']);

/** The names a sweep space may search over, given the loss in effect. */
export function tunableParameters(lossArgs: readonly string[]): string[] {
  return [...TUNABLE_TRAINING, ...lossArgs.filter((a) => a !== 'guide').map((a) => `loss_args.${a}`), 'model'];
}

/** sweep.space: known parameters, low < high, log scale above 0, non-empty choices; a known metric. */
export function checkSweep(ctx: CheckContext): void {
  const space = obj(ctx, ['sweep', 'space']);
  const allowed = tunableParameters(ctx.loss?.args.map((a) => a.name) ?? []);
  if (obj(ctx, ['sweep']) && space === undefined) {
    report(ctx, 'error', 'sweep-empty-space', ['sweep'], `sweep needs a space: the parameters to search, e.g. space: { learning_rate: { type: float, low: 1.0e-6, high: 1.0e-4, log: true } }.`, { on: 'key' });
  }
  for (const param of Object.keys(space ?? {})) {
    const path = ['sweep', 'space', param];
    if (!allowed.includes(param)) {
      const guess = nearest(param, allowed);
      report(ctx, 'error', 'sweep-unknown-param', path,
        `Cannot search over "${param}".${guess ? ` Did you mean "${guess}"?` : ''} Searchable: ${listWords(allowed)}.`,
        guess ? { on: 'key', fix: { title: `Rename to "${guess}"`, newText: guess } } : { on: 'key' });
      continue;
    }
    const p = obj(ctx, path);
    if (!p) continue;
    const type = p.type;
    if (type === 'categorical') {
      if (Array.isArray(p.choices) && p.choices.length === 0) {
        report(ctx, 'error', 'sweep-empty-choices', [...path, 'choices'], `sweep.space.${param}.choices is empty: list at least one value.`);
      }
      continue;
    }
    if (param === 'model') {
      report(ctx, 'error', 'sweep-model-categorical', [...path, 'type'], 'The base model can only be searched as `type: categorical` with a list of model ids.');
      continue;
    }
    const { low, high } = p;
    if (typeof low !== 'number' || typeof high !== 'number') continue;
    if (type === 'float' && INTEGER_SETTINGS.has(param)) {
      report(ctx, 'error', 'sweep-int-param', [...path, 'type'], `${param} is a whole number: use \`type: int\` or \`type: categorical\`.`, { fix: { title: 'Use int', newText: 'int' } });
    }
    if (low >= high) {
      report(ctx, 'error', 'sweep-range', [...path, 'low'], `sweep.space.${param}: low (${low}) must be less than high (${high}).`);
    }
    if (p.log === true && low <= 0) {
      report(ctx, 'error', 'sweep-log-nonpositive', [...path, 'low'], `sweep.space.${param}: a log-scale range needs low > 0 (got ${low}).`);
    }
  }
  checkSweepSettings(ctx, space);
}

function checkSweepSettings(ctx: CheckContext, space: Record<string, unknown> | undefined): void {
  const metric = str(ctx, ['sweep', 'metric']);
  const evaluator = ctx.evaluator;
  if (metric !== undefined && metric !== 'auto' && evaluator) {
    const known = evaluator.metrics;
    const short = metric.replace(/^eval_[^_]+(?:_\d+)?_/, '');
    // A model with another similarity function logs dot_*, spearman_dot, ... (sentence-transformers names them so).
    const anySimilarity = SIMILARITIES.some((sim) => known.some((m) => withSimilarity(m, sim) === short));
    if (!anySimilarity) {
      const guess = nearest(short, known);
      report(ctx, 'error', 'sweep-unknown-metric', ['sweep', 'metric'],
        `${evaluator.name} logs no metric "${metric}".${guess ? ` Did you mean "${guess}"?` : ''} Use auto (its primary metric, ${evaluator.primaryMetric}) or one of: ${known.join(', ')}.`,
        guess ? { fix: { title: `Change to "${guess}"`, newText: guess } } : {});
    }
  }
  if (str(ctx, ['sweep', 'sampler']) === 'grid') {
    for (const [param, raw] of Object.entries(space ?? {})) {
      const p = raw as Record<string, unknown> | null;
      if (p && typeof p === 'object' && p.type !== 'categorical' && p.step === undefined) {
        report(ctx, 'error', 'sweep-grid-continuous', ['sweep', 'space', param],
          `The grid sampler needs a finite grid: give sweep.space.${param} a \`step\` or make it categorical.`, { on: 'key' });
      }
    }
  }
  const parallel = num(ctx, ['sweep', 'parallel']);
  const trials = num(ctx, ['sweep', 'trials']);
  if (parallel !== undefined && trials !== undefined && parallel > trials) {
    report(ctx, 'warning', 'sweep-idle-workers', ['sweep', 'parallel'], `parallel (${parallel}) is more than trials (${trials}): ${parallel - trials} GPU worker(s) would have nothing to do.`);
  }
  // The coordinator gets the workers' timeout plus a margin, within Modal's 24 h; near the cap it cannot outlive them.
  const timeout = num(ctx, ['compute', 'timeout_minutes']);
  if (timeout !== undefined && timeout > 1440 - 60) {
    report(ctx, 'warning', 'sweep-coordinator-timeout', ['compute', 'timeout_minutes'],
      `With a sweep, compute.timeout_minutes above 1380 leaves the study's coordinator (capped at Modal's 24 hours) no margin to outlive workers that start after it; the last trials may lose their storage. Use 1380 or less.`);
  }
}
