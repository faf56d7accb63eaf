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

/** An OpenAI-compatible chat endpoint. The key is never here: SecretStorage or an environment variable. */
export const llmGeneratorSchema = z.strictObject({
  endpoint: text('generator.endpoint').refine((u) => /^https?:\/\/[^/\s]+/.test(u), { error: `${key('generator.endpoint')} must be an http(s) URL, e.g. http://localhost:8000/v1` })
    .describe('The OpenAI-compatible API base URL, e.g. https://api.openai.com/v1 or http://localhost:8000/v1.'),
  model: text('generator.model').describe('The model the endpoint serves, e.g. an instruct model name.'),
  temperature: z.number({ error: `${key('generator.temperature')} must be a number` }).min(0, { error: `${key('generator.temperature')} must be between 0 and 2` }).max(2, { error: `${key('generator.temperature')} must be between 0 and 2` })
    .optional().describe('Sampling temperature. Default: 0.7.'),
  concurrency: whole('generator.concurrency', 1, 64).optional().describe('Calls at once. Default: 4.'),
  api_key_env: text('generator.api_key_env').regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: `${key('generator.api_key_env')} must be an environment variable name` })
    .optional().describe('The environment variable holding the API key. Default: FINETUNE_SYNTH_API_KEY (VS Code fills it from its secret storage).'),
  price: z.strictObject({
    input_per_million: z.number({ error: `${key('generator.price.input_per_million')} must be a number` }).min(0, { error: `${key('generator.price.input_per_million')} must not be negative` })
      .describe('USD per million prompt tokens.'),
    output_per_million: z.number({ error: `${key('generator.price.output_per_million')} must be a number` }).min(0, { error: `${key('generator.price.output_per_million')} must not be negative` })
      .describe('USD per million completion tokens.'),
  }).optional().describe('The endpoint\'s price, for the cost shown before any call is made (your provider\'s price list). Without it only calls and tokens are shown.'),
}).describe('An LLM writes short keyword queries and full questions per chunk, as JSON.');

/** An open instruct model served by vLLM in a Modal GPU sandbox for the length of the step. */
export const modalGeneratorSchema = z.strictObject({
  backend: z.literal('modal', { error: `${key('generator.backend')} must be modal (or leave it out and give an endpoint)` })
    .describe('Serve the model with vLLM on a Modal GPU while queries are generated; stopped when generation ends or idles.'),
  model: text('generator.model').describe('A Hugging Face instruct model vLLM can serve, e.g. Qwen/Qwen2.5-1.5B-Instruct.'),
  gpu: text('generator.gpu').optional().describe('The Modal GPU, e.g. L4 (24 GB: models up to ~8B in bf16). Default: L4.'),
  temperature: z.number({ error: `${key('generator.temperature')} must be a number` }).min(0, { error: `${key('generator.temperature')} must be between 0 and 2` }).max(2, { error: `${key('generator.temperature')} must be between 0 and 2` })
    .optional().describe('Sampling temperature. Default: 0.7.'),
  concurrency: whole('generator.concurrency', 1, 256).optional().describe('Calls at once (vLLM batches them). Default: 16.'),
  max_minutes: whole('generator.max_minutes', 5, 1440).optional().describe('The server stops after this long whatever happens (the cost ceiling). Default: 60.'),
}).describe('vLLM (pinned) in a Modal GPU sandbox, reached through an encrypted tunnel with a one-time token.');

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
  generator: z.union([z.enum(SYNTH_GENERATORS), llmGeneratorSchema, modalGeneratorSchema],
    { error: `${key('generator')} must be ict (no LLM: a sentence or span of a chunk is the query), { endpoint, model } of an OpenAI-compatible API, or { backend: modal, model, gpu }` })
    .optional().describe('ict: inverse cloze / independent cropping, Contriever-style; CPU, seconds, no LLM. Or { endpoint, model, temperature?, concurrency? }: an OpenAI-compatible LLM. Or { backend: modal, model, gpu? }: an open model served by vLLM on a Modal GPU. Default: ict.'),
  filter: z.union([z.literal(false), z.strictObject({ top_k: whole('filter.top_k', 1, 1000) })],
    { error: `${key('filter')} must be false or { top_k: N }` })
    .optional().describe('Round-trip filter: keep a query only if the base model ranks its own chunk within the top k of all chunks. false: keep all. Default: { top_k: 3 }.'),
  out: text('out').refine((p) => p.toLowerCase().endsWith('.jsonl'), { error: `${key('out')} must be a .jsonl file, e.g. data/synthetic.jsonl` })
    .optional().describe('The training pairs, relative to this config (the frozen test set, chunks and manifest are written beside it). Default: data/synthetic.jsonl.'),
}).describe('Make information-retrieval training pairs from documents: chunk, generate queries, filter, split by document. Run `finetune-embeddings synthesize CONFIG` (or the panel) before training.');

export type SynthesizeConfig = z.infer<typeof synthesizeSchema>;
