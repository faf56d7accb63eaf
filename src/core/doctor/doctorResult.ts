/**
 * What gpu-templates/doctor.py prints: per job spec, findings about the dataset and statistics.
 * Validated here because it crosses a process boundary; the Python side documents it in
 * fte/findings.py. No `vscode`, no DOM.
 */
import * as z from 'zod';

const keyPath = z.array(z.union([z.string(), z.number()]));

export const findingEditSchema = z.object({ path: keyPath, value: z.unknown() });
export type FindingEdit = z.infer<typeof findingEditSchema>;

export const findingSchema = z.object({
  /** Stable kebab-case id, e.g. "label-strings"; tests and users key on it. */
  code: z.string().min(1),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.string(),
  /** The config key the finding belongs to (e.g. ["dataset", "columns", "label"]). */
  path: keyPath,
  /** 1-based records of the data file it is about (at most 50). */
  rows: z.array(z.number().int()).optional(),
  /** Config keys to set, offered as a Quick Fix. */
  fix: z.object({ title: z.string(), edits: z.array(findingEditSchema).min(1) }).optional(),
});
export type Finding = z.infer<typeof findingSchema>;

const roleTokens = z.object({ count: z.number(), sampled: z.number(), p50: z.number(), p90: z.number(), p99: z.number(), max: z.number(), truncated: z.number() });

export const doctorStatsSchema = z.object({
  total_rows: z.number().optional(),
  sampled_rows: z.number().optional(),
  /** Rows the check read when the whole file would not fit the free memory (the first ones; see fte/doctor/budget.py). */
  checked_rows: z.number().optional(),
  dropped_empty: z.number().optional(),
  train_rows: z.number().optional(),
  eval_rows: z.number().optional(),
  validation_rows: z.number().optional(),
  test_rows: z.number().optional(),
  /** How long reading and checking took, and the checker's peak memory (MB). */
  seconds: z.number().optional(),
  peak_memory_mb: z.number().optional(),
  tokens: z.object({
    model: z.string(), max_seq_length: z.number(), source: z.string(), recommended: z.number(),
    roles: z.record(z.string(), roleTokens),
  }).optional(),
});
export type DoctorStats = z.infer<typeof doctorStatsSchema>;

export const doctorResultSchema = z.object({ findings: z.array(findingSchema), stats: doctorStatsSchema });
export type DoctorResult = z.infer<typeof doctorResultSchema>;

export const doctorOutputSchema = z.object({ results: z.array(doctorResultSchema) });
export type DoctorOutput = z.infer<typeof doctorOutputSchema>;

export function hasErrorFinding(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
