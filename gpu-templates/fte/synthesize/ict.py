"""The generator that needs no LLM: inverse cloze (Lee et al. 2019) and independent cropping
(Contriever). A sentence of the chunk is the query and the chunk without it the passage; a chunk
of one sentence gives a span of its words instead. Deterministic: seeded by the chunk's text."""
from __future__ import annotations

import hashlib
import random
import re

MIN_QUERY_WORDS = 3
MIN_CHUNK_WORDS = 6
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if len(s.split()) >= MIN_QUERY_WORDS]


def _rng(text: str) -> random.Random:
    return random.Random(int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big"))


def ict_pairs(text: str, count: int) -> list[tuple[str, str]]:
    """Up to `count` distinct (query, passage) pairs from one chunk; none from a chunk too short to split."""
    if len(text.split()) < MIN_CHUNK_WORDS or count < 1:
        return []
    rng = _rng(text)
    sents = sentences(text)
    pairs: list[tuple[str, str]] = []
    if len(sents) >= 2:
        for s in rng.sample(sents, min(count, len(sents))):
            rest = " ".join(" ".join(x for x in sents if x is not s).split())
            pairs.append((s, rest))
    seen = {q for q, _ in pairs}
    for _ in range(4 * count):  # spans for the rest (or all, for a one-sentence chunk)
        if len(pairs) >= count:
            break
        q, rest = _crop(text.split(), rng)
        if q not in seen:
            seen.add(q)
            pairs.append((q, rest))
    return pairs


def _crop(words: list[str], rng: random.Random) -> tuple[str, str]:
    """A contiguous span of 30-50% of the words as the query; the words around it as the passage."""
    n = len(words)
    size = max(MIN_QUERY_WORDS, round(n * rng.uniform(0.3, 0.5)))
    start = rng.randint(0, n - size)
    return " ".join(words[start:start + size]), " ".join(words[:start] + words[start + size:])
