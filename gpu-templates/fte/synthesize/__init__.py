"""From a folder of documents to retrieval training pairs (`finetune-embeddings synthesize`).

documents -> chunks (the base model's tokenizer) -> queries (a generator: ict, no LLM) -> the
round-trip filter and deduplication -> a by-document held-out split -> jsonl files that training
reads like any other data. Every chunk's result is cached by content hash, so a rerun only
generates and encodes what changed."""
