"""Queries for every chunk, through the cache: a cached chunk is never generated again."""
from __future__ import annotations

import json

from .cache import Cache, key
from .chunking import Chunk
from .ict import ict_pairs
from .progress import Progress


def generator_key(generator: dict, per_chunk: int) -> str:
    return json.dumps({**generator, "per_chunk": per_chunk}, sort_keys=True)


def generate(chunks: list[Chunk], generator: dict, per_chunk: int, cache: Cache, progress: Progress) -> tuple[list[list], int]:
    """(pairs per chunk, how many chunks came from the cache)."""
    gk = generator_key(generator, per_chunk)
    keys = [key("gen", gk, c.text) for c in chunks]
    have = cache.get_generated(list(dict.fromkeys(keys)))
    cached = sum(k in have for k in keys)
    todo = [(k, c) for k, c in zip(keys, chunks) if k not in have]
    progress.start("generating queries", len(todo))
    batch: dict[str, list] = {}
    for k, c in todo:
        if k not in batch and k not in have:
            batch[k] = [list(p) for p in ict_pairs(c.text, per_chunk)]
        progress.step()
        if len(batch) >= 512:
            cache.put_generated(batch)
            have.update(batch)
            batch = {}
    cache.put_generated(batch)
    have.update(batch)
    return [have[k] for k in keys], cached
