"""One candidate scored zero-shot on the test set: the run's primary metric, its 95% interval over
the test items, and the cost numbers."""
from __future__ import annotations

from ..evaluation.bootstrap import score_interval
from ..models import resolve_model
from ..evaluation.scoring import score_test_own_key
from .measure import device_name, dims_of, index_bytes, params_of, texts_per_second
from .prompts import candidate_prompts
from .testset import TestSet


def load_candidate(name: str, cache_dir: str | None, max_seq_length: int | None):
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(resolve_model(name), cache_folder=cache_dir)
    if max_seq_length:
        model.max_seq_length = int(max_seq_length)
    return model


def score_candidate(ts: TestSet, model, name: str, prompts: dict | None, backend: str) -> dict:
    """The candidate's row: the keys `bakeoff --json` prints (model, score, ci95, dims, params,
    texts_per_s, backend) plus its metric key, prompts, device, index size and item count."""
    used = candidate_prompts(model, prompts)
    key, result = score_test_own_key(ts.evaluator, model)  # the key follows the model's similarity function
    interval = score_interval(result.n, result.statistic, seed=ts.seed) if result.statistic else None
    dims = dims_of(model)
    return {"model": name, "prompts": used, "metric": key, "score": result.metrics.get(key),
            "ci95": list(interval) if interval else None, "n": result.n, "dims": dims, "params": params_of(model),
            "texts_per_s": texts_per_second(model, ts.speed_texts), "backend": backend, "device": device_name(),
            "index_bytes": index_bytes(ts.corpus_size, dims), "similarity": model.similarity_fn_name}
