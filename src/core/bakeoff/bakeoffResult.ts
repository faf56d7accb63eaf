/**
 * What gpu-templates/bakeoff.py prints: per candidate, its zero-shot test score with a 95%
 * interval and its cost numbers, or the error that stopped it. Validated here because it crosses
 * a process boundary. No `vscode`, no DOM.
 */
import * as z from 'zod';

const promptsSchema = z.record(z.string(), z.string());

export const scoredRowSchema = z.object({
  model: z.string(),
  prompts: promptsSchema,
  metric: z.string(),
  score: z.number().nullable(),
  ci95: z.tuple([z.number(), z.number()]).nullable(),
  n: z.number().int(),
  dims: z.number().int().nullable(),
  params: z.number().int(),
  texts_per_s: z.number().nullable(),
  backend: z.enum(['local', 'modal']),
  device: z.string(),
  index_bytes: z.number().nullable(),
  similarity: z.string().optional(),
});
export type ScoredRow = z.infer<typeof scoredRowSchema>;

export const failedRowSchema = z.object({
  model: z.string(),
  prompts: promptsSchema.nullable().optional(),
  error: z.string(),
  hint: z.string().nullable().optional(),
  backend: z.enum(['local', 'modal']),
});
export type FailedRow = z.infer<typeof failedRowSchema>;

export const candidateRowSchema = z.union([failedRowSchema, scoredRowSchema]);
export type CandidateRow = ScoredRow | FailedRow;

export const isFailed = (row: CandidateRow): row is FailedRow => 'error' in row;

export const bakeoffOutputSchema = z.object({
  metric: z.string(),
  split: z.literal('test'),
  n: z.number().int(),
  corpus_size: z.number().int().nullable(),
  greater_is_better: z.boolean(),
  test_source: z.string().optional(),
  candidates: z.array(candidateRowSchema),
});
export type BakeoffOutput = z.infer<typeof bakeoffOutputSchema>;

/** A candidate to score: a Hub id or folder, and the prompts to score it with (else its own). */
export interface Candidate {
  model: string;
  prompts?: Record<string, string>;
}
