/**
 * Embedding model families and the prompts (instruction prefixes) they were trained with. A run
 * uses, in order: the config's `prompts:`, the base model's own prompts (its
 * config_sentence_transformers.json, read by the template once the model is loaded), then the
 * family's entry here. Sources: each family's model card.
 */
export interface FamilyPrompts {
  /** Prepended to queries (the anchor column). */
  query: string;
  /** Prepended to documents (positive and negative columns). */
  document: string;
  /** One prompt for both texts of a symmetric task (pairs, similarity, paraphrase mining). */
  symmetric: string;
}

export interface ModelFamily {
  id: string;
  title: string;
  /** Tested against the lower-cased model id. */
  match: RegExp;
  prompts: FamilyPrompts | null;
  /** True when the model card says results are worse without the prefixes. */
  needsPrompts: boolean;
  /** True when the published models already carry these prompts in their own config. */
  shipsPrompts: boolean;
  note: string;
}

const SEARCH = 'Represent this sentence for searching relevant passages: ';

export const MODEL_FAMILIES: readonly ModelFamily[] = [
  { id: 'e5', title: 'E5', match: /(^|\/)(multilingual-)?e5-(small|base|large)/, needsPrompts: true, shipsPrompts: false,
    prompts: { query: 'query: ', document: 'passage: ', symmetric: 'query: ' },
    note: 'Trained with "query: " / "passage: " prefixes; symmetric tasks use "query: " on both sides.' },
  { id: 'nomic', title: 'Nomic Embed', match: /nomic-ai\/(nomic-embed-text|modernbert-embed)/, needsPrompts: true, shipsPrompts: false,
    prompts: { query: 'search_query: ', document: 'search_document: ', symmetric: 'clustering: ' },
    note: 'Task prefixes are required: search_query / search_document, clustering or classification.' },
  { id: 'bge', title: 'BGE v1.5', match: /bge-(small|base|large)-(en|zh)-v1\.5/, needsPrompts: false, shipsPrompts: false,
    prompts: { query: SEARCH, document: '', symmetric: '' },
    note: 'An instruction on short retrieval queries only; passages and symmetric tasks use none.' },
  { id: 'mxbai', title: 'mxbai-embed', match: /mxbai-embed-large/, needsPrompts: true, shipsPrompts: true,
    prompts: { query: SEARCH, document: '', symmetric: '' },
    note: 'Retrieval queries need the instruction; passages none.' },
  { id: 'arctic', title: 'Snowflake Arctic Embed v1.5', match: /snowflake-arctic-embed-(xs|s|m|l)(-v1\.5)?$/, needsPrompts: true, shipsPrompts: true,
    prompts: { query: SEARCH, document: '', symmetric: '' },
    note: 'Queries need the instruction; passages none.' },
  { id: 'qwen3', title: 'Qwen3-Embedding', match: /qwen3-embedding/, needsPrompts: true, shipsPrompts: true,
    prompts: { query: 'Instruct: Given a web search query, retrieve relevant passages that answer the query\nQuery:', document: '', symmetric: 'Instruct: Retrieve semantically similar text\nQuery:' },
    note: 'Instruction-tuned: queries carry a one-line task instruction, documents none.' },
  { id: 'embeddinggemma', title: 'EmbeddingGemma', match: /embeddinggemma/, needsPrompts: true, shipsPrompts: true,
    prompts: { query: 'task: search result | query: ', document: 'title: none | text: ', symmetric: 'task: sentence similarity | query: ' },
    note: 'Task prompts for every input, including documents.' },
  { id: 'gte', title: 'GTE', match: /(thenlper\/gte-|gte-(small|base|large)$|gte-modernbert)/, needsPrompts: false, shipsPrompts: false,
    prompts: null, note: 'No prefixes.' },
  { id: 'sbert', title: 'sentence-transformers (MiniLM, MPNet)', match: /^(sentence-transformers\/)?all-(minilm|mpnet)/, needsPrompts: false, shipsPrompts: false,
    prompts: null, note: 'No prefixes.' },
];

export function modelFamily(modelId: string): ModelFamily | undefined {
  const id = modelId.toLowerCase();
  return MODEL_FAMILIES.find((f) => f.match.test(id));
}

/** Tasks whose two sides are different kinds of text (a query and a document). */
export const ASYMMETRIC_TASKS: readonly string[] = ['information-retrieval', 'triplet'];

export function isSymmetricTask(task: string): boolean {
  return !ASYMMETRIC_TASKS.includes(task);
}
