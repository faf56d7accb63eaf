/**
 * "Try it" and "Use it" shapes, shared by the CLI (`try --json`), the extension host and the
 * webview. The result is what gpu-templates/try_model.py prints (snake_case, as the events are);
 * both lists are keyed by the model that produced them: `base` and `finetuned`.
 */
import * as z from 'zod';

const num = z.number().nullable();
/** The most hits a query may ask for (each list). */
export const MAX_TRY_K = 50;
const rank = z.number().int().min(1).nullable();

export const tryHitSchema = z.object({
  rank: z.number().int().min(1),
  text: z.string(),
  score: num,
  /** Where the other model ranked this text (1-based): the fine-tuned list's "moved from". */
  other_rank: rank,
  /** A known positive/duplicate of the query (null when the query is not a held-out one). */
  relevant: z.boolean().nullable(),
  /** Pairs tasks with a threshold: score >= this model's threshold. */
  match: z.boolean().optional(),
});
export type TryHit = z.infer<typeof tryHitSchema>;

const pairSide = z.object({ similarity: num, threshold: num, match: z.boolean().nullable() });
const sideSchema = z.object({ model: z.string(), hits: z.array(tryHitSchema) });

export const tryResultSchema = z.object({
  query: z.string(),
  k: z.number().int().min(1),
  task: z.string(),
  models: z.object({ base: z.string(), finetuned: z.string() }),
  corpus_size: z.number().int().min(0),
  corpus_total: z.number().int().min(0),
  base: sideSchema,
  finetuned: sideSchema,
  relevant: z.array(z.object({ text: z.string(), base_rank: rank, finetuned_rank: rank })),
  pair: z.object({ text1: z.string(), text2: z.string(), gold: num, base: pairSide, finetuned: pairSide }).optional(),
  query_ms: z.number(),
  timings: z.record(z.string(), z.number()).optional(),
});
export type TryResult = z.infer<typeof tryResultSchema>;

export const tryExampleSchema = z.object({
  query: z.string(),
  text2: z.string().nullable(),
  label: num.optional(),
  score: num.optional(),
});
export type TryExample = z.infer<typeof tryExampleSchema>;

/** What a warm session knows once both models are loaded. */
export const tryInfoSchema = z.object({
  task: z.string(),
  models: z.object({ base: z.string(), finetuned: z.string() }),
  corpus_size: z.number().int().min(0),
  corpus_total: z.number().int().min(0),
  examples: z.array(tryExampleSchema),
  timings: z.record(z.string(), z.number()),
});
export type TryInfo = z.infer<typeof tryInfoSchema>;

export const TRY_STATES = ['unavailable', 'idle', 'loading', 'ready', 'busy', 'error'] as const;
export type TryState = (typeof TRY_STATES)[number];

export const MODEL_LOCATIONS = ['local', 'downloaded', 'volume', 'hub', 'none'] as const;
export type ModelLocation = (typeof MODEL_LOCATIONS)[number];

export const exportSummarySchema = z.object({
  out: z.string(),
  onnxFile: z.string(),
  bytes: z.number(),
  exportSeconds: z.number(),
  parity: z.object({ texts: z.number(), mean_cosine: z.number(), min_cosine: z.number(), threshold: z.number(), ok: z.boolean() }),
  at: z.string(),
});
export type ExportSummary = z.infer<typeof exportSummarySchema>;

/** The dashboard's "Use it" box: where the model is, the code to load it, the last export. */
export const modelStatusSchema = z.object({
  runId: z.string().min(1),
  location: z.enum(MODEL_LOCATIONS),
  /** A folder on this machine, or the volume path, or the Hub id. */
  path: z.string().nullable(),
  code: z.string().nullable(),
  /** Why Try it cannot run yet (e.g. the model is still on the Modal volume). */
  tryBlocked: z.string().nullable(),
  downloading: z.boolean(),
  onnx: exportSummarySchema.nullable(),
});
export type ModelStatus = z.infer<typeof modelStatusSchema>;

/** One run's answer in a try.result (the dashboard has one, the compare view one per run). */
export const tryRunResultSchema = z.object({
  runId: z.string().min(1),
  name: z.string(),
  result: tryResultSchema.nullable(),
  error: z.string().nullable(),
});
export type TryRunResult = z.infer<typeof tryRunResultSchema>;
