"""The test set, scored exactly twice (the base model before training, the chosen model after),
and the report a user can bet on: both scores, the gain, its paired-bootstrap 95% interval over
the test items and a verdict."""
from __future__ import annotations

import tempfile
from dataclasses import dataclass

from .bootstrap import Statistic, mean_of, paired_interval, verdict
from .items import ir_values, item_count, pair_statistic, read_ir_values
from ..metrics import clean, full_keys
from .keys import first_evaluator, primary_key, require, short_name


@dataclass
class TestScore:
    metrics: dict
    statistic: Statistic | None
    n: int


def score_test(evaluator, model, key: str, short: str) -> TestScore:
    """One evaluator call on the test set, plus the per-item statistic of the primary metric."""
    if type(first_evaluator(evaluator)).__name__ == "InformationRetrievalEvaluator":
        with tempfile.TemporaryDirectory(prefix="fte-test-") as out:
            raw, values = ir_values(evaluator, model, out, short)
        statistic = mean_of(values) if values else None
    else:
        raw = evaluator(model)
        statistic = pair_statistic(evaluator, model, short)
    metrics = clean(full_keys(raw))
    require(key, metrics, "the test evaluation")
    return TestScore(metrics, statistic, item_count(evaluator))


def score_test_own_key(evaluator, model) -> tuple[str, TestScore]:
    """score_test where the key is not known yet (a bake-off candidate, whose similarity function
    names it): one evaluator call, then the key it named, then that key's per-item statistic."""
    if type(first_evaluator(evaluator)).__name__ == "InformationRetrievalEvaluator":
        with tempfile.TemporaryDirectory(prefix="fte-test-") as out:
            metrics = clean(full_keys(evaluator(model, output_path=out)))
            key = primary_key(evaluator, metrics)
            values = read_ir_values(evaluator, model, out, short_name(evaluator, key))
        statistic = mean_of(values) if values else None
    else:
        metrics = clean(full_keys(evaluator(model)))
        key = primary_key(evaluator, metrics)
        statistic = pair_statistic(evaluator, model, short_name(evaluator, key))
    return key, TestScore(metrics, statistic, item_count(evaluator))


def test_report(base: TestScore, tuned: TestScore, key: str, greater_is_better: bool, corpus_size: int | None,
                seed: int) -> dict:
    """`finetune-embeddings report`'s keys (also: the forgetting sets, filled by the caller)."""
    b, f = base.metrics.get(key), tuned.metrics.get(key)
    interval = None
    if base.statistic is not None and tuned.statistic is not None:
        interval = paired_interval(tuned.n, base.statistic, tuned.statistic, seed=seed)
    return {"metric": key, "split": "test", "n": tuned.n, "corpus_size": corpus_size, "baseline": b, "finetuned": f,
            "delta": None if b is None or f is None else f - b,
            "delta_ci95": [interval[0], interval[1]] if interval else None,
            "verdict": verdict(interval, greater_is_better), "also": []}


def validation_report(baseline: dict, chosen: dict, key: str, corpus_size: int | None, n: int) -> dict:
    """A sweep trial's report: validation only (the test set is the sweep's, scored for its choice)."""
    b, f = baseline.get(key), chosen.get(key)
    return {"metric": key, "split": "validation", "n": n, "corpus_size": corpus_size, "baseline": b, "finetuned": f,
            "delta": None if b is None or f is None else f - b, "delta_ci95": None, "verdict": None, "also": []}
