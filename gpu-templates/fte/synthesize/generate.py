"""Queries for every chunk, through the cache: a cached chunk is never generated again. ict runs
inline; an LLM generator runs `concurrency` calls at once, writing each result to the cache as it
arrives (Cancel, or a failure, loses only the calls in flight)."""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

from .cache import Cache, key
from .chunking import Chunk
from .ict import ict_pairs
from .progress import Progress

FLUSH = 64


# What never changes a chunk's queries: how many calls at once, where the key is, what it costs,
# and, for a model served on Modal, the server's address and GPU (a new tunnel every run).
_NOT_IN_KEY = ("concurrency", "api_key_env", "timeout", "price")
_MODAL_NOT_IN_KEY = ("endpoint", "gpu", "ready_timeout")


def generator_key(generator: dict, per_chunk: int) -> str:
    """What a chunk's queries depend on (never the API key)."""
    drop = _NOT_IN_KEY + (_MODAL_NOT_IN_KEY if generator["type"] == "modal" else ())
    kept = {k: v for k, v in generator.items() if k not in drop}
    return json.dumps({**kept, "per_chunk": per_chunk}, sort_keys=True)


def plan(chunks: list[Chunk], generator: dict, per_chunk: int, cache: Cache) -> dict:
    """What generating would spend, before anything is spent: chunks, cached ones, LLM calls and tokens."""
    from .llm import MAX_TOKENS

    gk = generator_key(generator, per_chunk)
    keys = [key("gen", gk, c.text) for c in chunks]
    have = cache.get_generated(list(dict.fromkeys(keys)))
    todo = {k: c for k, c in zip(keys, chunks) if k not in have}
    llm = generator["type"] != "ict"
    return {"chunks": len(chunks), "cached": sum(k in have for k in keys), "to_generate": len(todo),
            "calls": len(todo) if llm else 0,
            # ~4 characters a token, plus the instructions: the generator's own tokenizer is not here
            "prompt_tokens": sum(len(c.text) // 4 + 120 for c in todo.values()) if llm else 0,
            "max_completion_tokens": len(todo) * MAX_TOKENS if llm else 0}


def generate(chunks: list[Chunk], generator: dict, per_chunk: int, cache: Cache, progress: Progress,
             usage: dict | None = None) -> tuple[list[list], int]:
    """(pairs per chunk, how many chunks came from the cache). `usage` collects calls and tokens."""
    gk = generator_key(generator, per_chunk)
    keys = [key("gen", gk, c.text) for c in chunks]
    have = cache.get_generated(list(dict.fromkeys(keys)))
    cached = sum(k in have for k in keys)
    todo = list({k: c for k, c in zip(keys, chunks) if k not in have}.items())
    if generator["type"] != "ict" and todo:
        from ..toolio import progress as say
        from .llm import MAX_TOKENS

        prompt_tokens = sum(len(c.text) // 4 + 120 for _, c in todo)  # ~4 characters a token, plus the instructions
        say(f"plan: {len(chunks)} chunks, {cached} cached, {len(todo)} LLM calls, about {prompt_tokens} prompt tokens "
            f"and at most {len(todo) * MAX_TOKENS} completion tokens")
    if generator["type"] != "ict" and usage is not None:  # zero calls is a count too (everything cached)
        for k in ("calls", "prompt_tokens", "completion_tokens"):
            usage.setdefault(k, 0)
    progress.start("generating queries", len(todo))
    one = _ict if generator["type"] == "ict" or not todo else _llm(generator, usage if usage is not None else {}, progress)
    batch: dict[str, list] = {}

    def store(k: str, pairs: list) -> None:
        batch[k] = pairs
        progress.step()
        if len(batch) >= FLUSH:
            cache.put_generated(batch)
            have.update(batch)
            batch.clear()
    try:
        if generator["type"] == "ict" or not todo:
            for k, c in todo:
                store(k, one(c.text, per_chunk))
        else:
            k0, c0 = todo[0]  # one call first: a wrong endpoint, key or model fails before the rest start
            store(k0, one(c0.text, per_chunk))
            with ThreadPoolExecutor(max_workers=int(generator.get("concurrency", 4))) as pool:
                for k, pairs in zip((k for k, _ in todo[1:]), pool.map(lambda kc: one(kc[1].text, per_chunk), todo[1:])):
                    store(k, pairs)
    finally:
        cache.put_generated(batch)
        have.update(batch)
    return [have[k] for k in keys], cached


def _ict(text: str, n: int) -> list:
    return [list(p) for p in ict_pairs(text, n)]


def _llm(generator: dict, usage: dict, progress: Progress):
    from .llm import complete, make_client, parse_queries, wait_ready

    client = make_client(generator)
    if generator["type"] == "modal":  # a server just started on a GPU: it answers once the model is loaded
        wait_ready(client, generator)
        progress.start("generating queries", progress.total)
    usage.setdefault("calls", 0)
    usage.setdefault("prompt_tokens", 0)
    usage.setdefault("completion_tokens", 0)

    def one(text: str, n: int) -> list:
        answer, used = complete(client, generator, text, n)
        usage["calls"] += 1
        usage["prompt_tokens"] += used["prompt"]
        usage["completion_tokens"] += used["completion"]
        return [[q, text] for q in parse_queries(answer, n)]
    return one
