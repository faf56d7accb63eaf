import type { BaseModelSpec } from './types';

/** Base models offered as suggestions. Any Hub id or local path is accepted. */
export const BASE_MODELS: readonly BaseModelSpec[] = [
  { id: 'BAAI/bge-base-en-v1.5', params: '109M', dimensions: 768, maxSeqLength: 512, note: 'Strong English all-rounder; the default.' },
  { id: 'BAAI/bge-small-en-v1.5', params: '33M', dimensions: 384, maxSeqLength: 512, note: 'Fast and cheap to train; good first experiment.' },
  { id: 'BAAI/bge-large-en-v1.5', params: '335M', dimensions: 1024, maxSeqLength: 512, note: 'Higher ceiling; needs a bigger GPU.' },
  { id: 'sentence-transformers/all-MiniLM-L6-v2', params: '23M', dimensions: 384, maxSeqLength: 256, note: 'Tiny and very fast.' },
  { id: 'sentence-transformers/all-mpnet-base-v2', params: '109M', dimensions: 768, maxSeqLength: 384, note: 'Well-tested general-purpose model.' },
  { id: 'nomic-ai/modernbert-embed-base', params: '149M', dimensions: 768, maxSeqLength: 8192, note: 'ModernBERT backbone, long context, Matryoshka-trained.' },
  { id: 'intfloat/e5-base-v2', params: '109M', dimensions: 768, maxSeqLength: 512, note: 'Expects "query: " / "passage: " prefixes.', prompts: { query: 'query: ', document: 'passage: ' } },
  { id: 'mixedbread-ai/mxbai-embed-large-v1', params: '335M', dimensions: 1024, maxSeqLength: 512, note: 'Large, Matryoshka-trained.' },
];

export function getBaseModel(id: string): BaseModelSpec | undefined {
  return BASE_MODELS.find((m) => m.id === id);
}
