/** The wizard's data check: which draft fields it depends on, and the doctor's outcome as the panel shows it. Pure. */
import type { Diagnostic } from '../../core/config/diagnostic';
import type { DoctorOutcome } from '../../core/doctor/runDoctor';
import type { DataCheck, WizardDraft } from '../../protocol/models';

/** Everything in a draft that changes what the doctor sees; equal keys mean the last check still applies. */
export function dataCheckKey(d: WizardDraft): string {
  return JSON.stringify([d.task, d.model, d.datasetKind, d.hub, d.subset, d.split, d.path, d.columns, d.loss, d.batchSize,
    d.sample, d.testSize, d.hardNegatives ?? false, d.dataOptions ?? {}, d.folder]);
}

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function blockedCheck(diagnostics: readonly Diagnostic[]): DataCheck {
  const first = diagnostics.find((d) => d.severity === 'error');
  return { state: 'blocked', message: `Fix the config first: ${first?.message ?? 'it does not validate.'}`, findings: [], summary: null };
}

export function doctorCheck(outcome: DoctorOutcome): DataCheck {
  if (!outcome.ok) return blockedCheck(outcome.diagnostics);
  const { findings, stats } = outcome.result;
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  const parts: string[] = [];
  if (stats.train_rows !== undefined) parts.push(`${stats.train_rows} training rows, ${stats.validation_rows !== undefined ? `${stats.validation_rows} validation, ${stats.test_rows} test` : `${stats.eval_rows} held out`}${stats.dropped_empty ? `, ${stats.dropped_empty} dropped as empty` : ''}`);
  const t = stats.tokens;
  if (t) parts.push(`token lengths (p99) ${Object.entries(t.roles).map(([r, s]) => `${r} ${s.p99}`).join(', ')} with max_seq_length ${t.max_seq_length}`);
  return {
    state: 'done',
    message: errors || warnings ? `Found ${count(errors, 'error')} and ${count(warnings, 'warning')}.` : 'No problems found in the data.',
    findings: findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message, ...(f.fix ? { fix: f.fix } : {}) })),
    summary: parts.length ? `${parts.join('; ')}.` : null,
  };
}
