"""A bake-off in this process: the test set built once, then each candidate loaded, scored and
released in turn. A candidate that cannot be loaded or scored becomes a row with its error, so
one bad model id does not cost the others' results."""
from __future__ import annotations

import gc
from typing import Callable

from ..errors import ConfigError, classify
from ..jobspec import JobSpec
from ..toolio import progress
from .prompts import check_prompts
from .score import load_candidate, score_candidate
from .testset import build_testset


def parse_candidates(raw) -> list[dict]:
    """[{model, prompts?}] (or model ids as strings) -> [{model, prompts}], checked."""
    if not isinstance(raw, list) or not raw:
        raise ConfigError("No candidates to compare.", 'Pass --candidates \'[{"model": "BAAI/bge-small-en-v1.5"}]\'.')
    out = []
    for item in raw:
        item = {"model": item} if isinstance(item, str) else item
        if not isinstance(item, dict) or not isinstance(item.get("model"), str) or not item["model"].strip():
            raise ConfigError(f"A candidate must name a model, got {item!r}.",
                              'Write each candidate as {"model": "<Hub id or folder>", "prompts": {...}}.')
        out.append({"model": item["model"].strip(), "prompts": check_prompts(item["model"], item.get("prompts"))})
    return out


def run_bakeoff(job: JobSpec, candidates: list[dict], backend: str, cache_dir: str | None,
                on_result: Callable[[dict], None] = lambda row: None) -> dict:
    progress("Preparing the test split and the corpus…")
    batch = int(job.training.get("batch_size") or 32)
    ts = build_testset(job, batch_size=batch)
    rows = []
    for i, cand in enumerate(candidates, 1):
        progress(f"Candidate {i}/{len(candidates)}: {cand['model']}")
        try:
            model = load_candidate(cand["model"], cache_dir, job.training.get("max_seq_length"))
            row = score_candidate(ts, model, cand["model"], cand["prompts"], backend)
            del model
        except Exception as exc:  # noqa: BLE001 - one candidate's failure is its row, not the bake-off's end
            _, message, hint = classify(exc, "loading_model")
            row = {"model": cand["model"], "prompts": cand["prompts"], "error": message, "hint": hint,
                   "backend": backend}
        gc.collect()
        rows.append(row)
        on_result(row)
    metric = next((r["metric"] for r in rows if r.get("metric")), job.evaluator["primary_metric"])
    return {"metric": metric, "split": "test", "n": ts.n, "corpus_size": ts.corpus_size,
            "greater_is_better": ts.greater_is_better, "test_source": "dataset.eval" if job.dataset.get("eval") else "test_size",
            "candidates": rows}
