"""A candidate's cost numbers: embedding dimensions, parameters, encode speed here, index size."""
from __future__ import annotations

import time

FLOAT32_BYTES = 4


def dims_of(model) -> int | None:
    get = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    return get()


def params_of(model) -> int:
    return int(sum(p.numel() for p in model.parameters()))


def texts_per_second(model, texts: list[str], batch_size: int = 32) -> float | None:
    """Documents encoded per second on this machine (after one warm-up batch), with the
    candidate's document prompt, as building its index would."""
    if not texts:
        return None
    model.encode_document(texts[:batch_size], batch_size=batch_size)
    start = time.perf_counter()
    model.encode_document(texts, batch_size=batch_size)
    return len(texts) / max(time.perf_counter() - start, 1e-9)


def index_bytes(corpus_size: int | None, dims: int | None) -> int | None:
    """A flat float32 index of the whole corpus."""
    if corpus_size is None or dims is None:
        return None
    return corpus_size * dims * FLOAT32_BYTES


def device_name() -> str:
    import torch

    if torch.cuda.is_available():
        return torch.cuda.get_device_name(0)
    return "cpu"
