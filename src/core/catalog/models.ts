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
  { id: 'Alibaba-NLP/gte-modernbert-base', params: '149M', dimensions: 768, maxSeqLength: 8192, note: 'ModernBERT backbone, no prefixes, long context.' },
  { id: 'nomic-ai/nomic-embed-text-v1.5', params: '137M', dimensions: 768, maxSeqLength: 8192, note: 'Custom architecture: needs model: { id, trust_remote_code: true, revision }. Matryoshka-trained.' },
  { id: 'google/embeddinggemma-300m', params: '308M', dimensions: 768, maxSeqLength: 2048, note: 'Gemma 3 based; ships its task prompts; bf16 or fp32 (no fp16).' },
  { id: 'Qwen/Qwen3-Embedding-0.6B', params: '596M', dimensions: 1024, maxSeqLength: 32768, note: 'Decoder-based, instruction prompts in its config; LoRA (training.lora) for the larger 4B/8B.' },
];

export function getBaseModel(id: string): BaseModelSpec | undefined {
  return BASE_MODELS.find((m) => m.id === id);
}
