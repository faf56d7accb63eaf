import { z } from 'zod';

/**
 * `dataset.synthesize`: training pairs made from a folder of documents (no questions needed).
 * The step writes `out` (anchor/positive rows plus each chunk's source and position); training
 * then reads that file like any other data.
 */
const key = (k: string) => `dataset.synthesize.${k}`;
const text = (k: string) => z.string({ error: `${key(k)} must be text` }).min(1, { error: `${key(k)} must not be empty` });
const whole = (k: string, low: number, high: number) => z.number({ error: `${key(k)} must be a number` })
  .int({ error: `${key(k)} must be a whole number` })
  .min(low, { error: `${key(k)} must be between ${low} and ${high}` }).max(high, { error: `${key(k)} must be between ${low} and ${high}` });

export const SYNTH_EXTENSIONS = ['.md', '.markdown', '.txt', '.rst', '.html', '.htm', '.jsonl'] as const;
export const SYNTH_GENERATORS = ['ict'] as const;

export const synthesizeSchema = z.strictObject({
  documents: z.union([text('documents'), z.array(text('documents[]')).min(1, { error: `${key('documents')} needs at least one glob` })],
    { error: `${key('documents')} must be a glob or a list of globs, e.g. docs/**/*.md` })
    .describe(`Documents to make training pairs from: globs relative to this config (${SYNTH_EXTENSIONS.join(' ')}; .jsonl: one document per line).`),
  column: text('column').optional().describe('For .jsonl documents: the field that holds the text. Default: text.'),
  chunk: z.strictObject({
    tokens: whole('chunk.tokens', 8, 8192).optional().describe('Chunk length in the base model\'s own tokens. Default: 256.'),
    overlap: whole('chunk.overlap', 0, 8191).optional().describe('Tokens shared by consecutive chunks. Default: 32.'),
  }).optional().describe('How documents are cut into passages (each chunk is one retrievable passage).'),
  queries_per_chunk: whole('queries_per_chunk', 1, 20).optional().describe('Queries generated per chunk. Default: 2.'),
  generator: z.enum(SYNTH_GENERATORS, { error: `${key('generator')} must be ict (inverse cloze: a sentence or span of a chunk is the query, the rest the passage; CPU, no LLM)` })
    .optional().describe('ict: inverse cloze / independent cropping, Contriever-style; CPU, seconds, no LLM. Default: ict.'),
  filter: z.union([z.literal(false), z.strictObject({ top_k: whole('filter.top_k', 1, 1000) })],
    { error: `${key('filter')} must be false or { top_k: N }` })
    .optional().describe('Round-trip filter: keep a query only if the base model ranks its own chunk within the top k of all chunks. false: keep all. Default: { top_k: 3 }.'),
  out: text('out').refine((p) => p.toLowerCase().endsWith('.jsonl'), { error: `${key('out')} must be a .jsonl file, e.g. data/synthetic.jsonl` })
    .optional().describe('The training pairs, relative to this config (the frozen test set, chunks and manifest are written beside it). Default: data/synthetic.jsonl.'),
}).describe('Make information-retrieval training pairs from documents: chunk, generate queries, filter, split by document. Run `finetune-embeddings synthesize CONFIG` (or the panel) before training.');

export type SynthesizeConfig = z.infer<typeof synthesizeSchema>;
