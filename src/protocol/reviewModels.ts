/** The review view's data (synthesized queries beside their chunks), shared by host and webview. */
import * as z from 'zod';

const text = z.string().max(100_000);

export const reviewRowSchema = z.object({
  /** 1-based line in its file (the training file for kept rows, the dropped file otherwise). */
  line: z.number().int().min(1),
  query: text,
  chunk: text,
  source: z.string().max(4096),
  /** kept, or why the filter dropped it: round_trip, duplicate, near_duplicate. */
  verdict: z.string().max(40),
  /** The rank the base model gave the query's own chunk (1 = first). */
  rank: z.number().int().nullable(),
});
export type ReviewRow = z.infer<typeof reviewRowSchema>;

export const reviewSampleSchema = z.object({
  out: z.string(),
  keptTotal: z.number().int().min(0),
  droppedTotal: z.number().int().min(0),
  kept: z.array(reviewRowSchema).max(500),
  dropped: z.array(reviewRowSchema).max(500),
});
export type ReviewSample = z.infer<typeof reviewSampleSchema>;

/** What the reviewer drops: the line and the query they saw there (a changed file drops nothing). */
export const reviewPickSchema = z.object({ line: z.number().int().min(1), query: text });
