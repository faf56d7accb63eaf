"""Which generated queries are worth training on: exact and near duplicates removed, and the
round-trip filter (keep a query only if the base model ranks its own chunk within the top k of
all chunks; an unanswerable or generic query does not). Pure numpy on normalised embeddings."""
from __future__ import annotations

import re

import numpy as np

BLOCK = 1024
_PUNCT = re.compile(r"[^\w\s]")


def normal(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.lower()).split())


def exact_duplicates(queries: list[str]) -> list[bool]:
    """True for every query whose normalised text an earlier query already had."""
    seen: set[str] = set()
    out = []
    for q in queries:
        k = normal(q)
        out.append(k in seen)
        seen.add(k)
    return out


def own_ranks(q: np.ndarray, chunks: np.ndarray, own: np.ndarray) -> np.ndarray:
    """0-based rank of each query's own chunk among all chunks (ties count in its favour)."""
    ranks = np.empty(len(q), dtype=np.int64)
    for i in range(0, len(q), BLOCK):
        sims = q[i:i + BLOCK] @ chunks.T
        mine = sims[np.arange(len(sims)), own[i:i + BLOCK]]
        ranks[i:i + BLOCK] = (sims > mine[:, None] + 1e-6).sum(axis=1)
    return ranks


def near_duplicates(q: np.ndarray, threshold: float, candidates: list[bool]) -> list[bool]:
    """True for a candidate query within `threshold` cosine of an earlier kept candidate (greedy, in order)."""
    dup = [False] * len(q)
    kept: list[int] = []
    idx = [i for i, c in enumerate(candidates) if c]
    for b in range(0, len(idx), BLOCK):
        block = idx[b:b + BLOCK]
        vs = q[block]
        prior = (vs @ q[kept].T).max(axis=1) if kept else np.full(len(block), -1.0)
        inner = vs @ vs.T
        fresh: list[int] = []
        for j, i in enumerate(block):
            if prior[j] >= threshold or any(inner[j, f] >= threshold for f in fresh):
                dup[i] = True
            else:
                fresh.append(j)
        kept += [block[j] for j in fresh]
    return dup
