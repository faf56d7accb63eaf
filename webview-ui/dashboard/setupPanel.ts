import type { RunStatus } from '../../src/protocol/models';
import { clear, h } from '../dom';

const SOURCES: Record<string, string> = {
  config: 'from the config',
  model: "the base model's own",
  catalog: "the model family's (catalog)",
  none: 'none',
};

function count(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(n);
}

/** The `training_setup` event: precision, prompts in effect, trainable parameters, negatives per example. */
export function renderSetup(root: HTMLElement, s: RunStatus): void {
  clear(root);
  const m = s.setup;
  root.hidden = !m;
  if (!m) return;
  const precision = `${m.precision}${m.tf32 ? ' + TF32' : ''}${m.computeCapability ? ` (compute capability ${m.computeCapability})` : ''}`;
  const p = m.prompts;
  const prompts = !p.query && !p.document ? 'none'
    : p.symmetric ? `${JSON.stringify(p.query)} on every text` : `query ${JSON.stringify(p.query)}, document ${JSON.stringify(p.document)}`;
  const trainable = m.trainableParameters === m.totalParameters ? `${count(m.totalParameters)} (all)`
    : `${count(m.trainableParameters)} of ${count(m.totalParameters)} (${((100 * m.trainableParameters) / Math.max(1, m.totalParameters)).toFixed(2)}%)`;
  const rows: Array<[string, string, string]> = [
    ['setup-precision', 'Precision', precision],
    ['setup-prompts', 'Prompts', `${prompts} — ${SOURCES[p.source] ?? p.source}`],
    ['setup-parameters', 'Trainable parameters', trainable],
  ];
  if (m.maxSeqLength !== null) rows.push(['setup-seq', 'Max sequence length', `${m.maxSeqLength} tokens`]);
  if (m.negativesPerExample !== null) rows.push(['setup-negatives', 'Negatives per example', String(m.negativesPerExample)]);
  root.append(h('h3', {}, 'Training setup'),
    h('dl', { class: 'setup' }, ...rows.flatMap(([id, k, v]) => [h('dt', {}, k), h('dd', { 'data-testid': id }, v)])));
}
