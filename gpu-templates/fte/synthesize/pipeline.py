"""One synthesize run: documents -> chunks -> queries -> filter -> by-document split -> files."""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .cache import Cache
from .chunking import Chunk, chunk_documents
from .documents import read_documents
from .encode import Encoder
from .generate import generate, generator_key, plan
from .heldout import draw_test_documents, file_hash, frozen_test, read_manifest, write_manifest
from .output import dropped_path, write_jsonl
from .progress import Progress
from .quality import exact_duplicates, near_duplicates, own_ranks
from .spec import SynthSpec


@dataclass
class Candidate:
    query: str
    passage: str
    chunk: Chunk
    corpus_index: int
    test: bool


def plan_run(spec: SynthSpec, tokenizer) -> dict:
    """What a run would generate and spend (chunks, cached, LLM calls, tokens), generating nothing."""
    docs = read_documents(spec.config_dir, spec.documents, spec.column)
    chunks = chunk_documents(docs, tokenizer, spec.chunk_tokens, spec.chunk_overlap)
    frozen = None if spec.has_eval else frozen_test(read_manifest(spec.manifest), spec.test_out)
    live = [c for c in chunks if frozen is None or c.source not in set(frozen)]
    cache = Cache(spec.cache_dir)
    try:
        out = plan(live, spec.generator, spec.queries_per_chunk, cache)
    finally:
        cache.close()
    return {**out, "chunks": len(chunks), "cached": out["cached"] + len(chunks) - len(live)}


def synthesize(spec: SynthSpec, model, model_id: str, progress: Progress | None = None) -> dict:
    progress = progress or Progress()
    t0 = time.monotonic()
    docs = read_documents(spec.config_dir, spec.documents, spec.column)
    chunks = chunk_documents(docs, model.tokenizer, spec.chunk_tokens, spec.chunk_overlap)
    manifest = read_manifest(spec.manifest)
    frozen = None if spec.has_eval else frozen_test(manifest, spec.test_out)
    sources = [d.source for d in docs]
    test_docs = set() if spec.has_eval else set(frozen if frozen is not None else draw_test_documents(sources, spec.test_size, spec.seed))
    corpus = list(dict.fromkeys(c.text for c in chunks))
    where = {t: i for i, t in enumerate(corpus)}
    # Chunks of a frozen test document are not generated again: their questions are the frozen file.
    live = [c for c in chunks if frozen is None or c.source not in test_docs]
    cache = Cache(spec.cache_dir)
    try:
        usage: dict = {}
        pairs, cached = generate(live, spec.generator, spec.queries_per_chunk, cache, progress, usage)
        cands = [Candidate(q, p, c, where[c.text], c.source in test_docs) for c, ps in zip(live, pairs) for q, p in ps]
        encoder = Encoder(model, model_id, cache)
        total_texts = len(corpus) + len(cands)
        progress.start("encoding chunks and queries (new ones only)", total_texts)
        chunk_vecs = encoder(corpus, progress.step)
        query_vecs = encoder([c.query for c in cands], progress.step)
        progress.step(total_texts - progress.done) if progress.done < total_texts else None
    finally:
        cache.close()
    verdicts = judge(cands, chunk_vecs, query_vecs, spec)
    kept = [(c, v) for c, v in zip(cands, verdicts) if v["verdict"] == "kept"]
    write_jsonl(spec.out, [row(c, v, c.passage) for c, v in kept if not c.test])
    write_jsonl(dropped_path(spec.out), [row(c, v, c.passage) for c, v in zip(cands, verdicts) if v["verdict"] != "kept"])
    write_jsonl(spec.chunks_out, [{"text": t} for t in corpus])
    if not spec.has_eval and frozen is None:
        write_jsonl(spec.test_out, [row(c, v, c.chunk.text) for c, v in kept if c.test])
        write_manifest(spec.manifest, {"test_documents": sorted(test_docs), "test_hash": file_hash(spec.test_out),
                                       "generator": generator_key(spec.generator, spec.queries_per_chunk),
                                       "note": "Frozen test questions: later runs leave them alone. Delete this file to draw a new test set."})
    n_kept, n_dropped = len(kept), len(cands) - len(kept)
    reasons = {r: sum(v["verdict"] == r for v in verdicts) for r in ("duplicate", "near_duplicate", "round_trip")}
    return {"chunks": len(chunks), "cached": cached + (len(chunks) - len(live)), "generated": len(live) - cached,
            "kept": n_kept, "dropped": n_dropped, "out": spec.out, "test_documents": len(test_docs),
            "documents": len(docs), "keep_rate": n_kept / len(cands) if cands else None, "dropped_by": reasons,
            "train_rows": sum(not c.test for c, _ in kept), "test_rows": sum(c.test for c, _ in kept),
            "test_out": None if spec.has_eval else spec.test_out, "test_frozen": frozen is not None,
            "chunks_out": spec.chunks_out, "encoded": encoder.encoded, "usage": usage or None, "seconds": time.monotonic() - t0}


def judge(cands: list[Candidate], chunk_vecs: np.ndarray, query_vecs: np.ndarray, spec: SynthSpec) -> list[dict]:
    """Each candidate's verdict: kept, duplicate, near_duplicate or round_trip (with its rank)."""
    if not cands:
        return []
    dup = exact_duplicates([c.query for c in cands])
    ranks = own_ranks(query_vecs, chunk_vecs, np.array([c.corpus_index for c in cands]))
    passes = [not d and (spec.top_k is None or r < spec.top_k) for d, r in zip(dup, ranks)]
    near = near_duplicates(query_vecs, spec.near_duplicate, passes)
    out = []
    for d, r, p, n in zip(dup, ranks, passes, near):
        verdict = "duplicate" if d else "round_trip" if not p else "near_duplicate" if n else "kept"
        out.append({"verdict": verdict, "rank": int(r) + 1})
    return out


def row(c: Candidate, v: dict, positive: str) -> dict:
    return {"anchor": c.query, "positive": positive, "context": c.chunk.text, "source": c.chunk.source, "chunk": c.chunk.index,
            "start": c.chunk.start, "end": c.chunk.end, "rank": v["rank"], "verdict": v["verdict"]}
