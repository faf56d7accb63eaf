"""Is the evaluator's primary metric at chance level? (A collapsed loss: every text maps to
nearly the same vector, so the metric sinks to what a constant prediction scores.)"""
from __future__ import annotations

TOLERANCE = 0.02


def chance_level(metric_name: str, positive_rate: float | None = None) -> float | None:
    """What a constant embedding scores on this (unprefixed) metric, or None when unknown."""
    name = metric_name
    for prefix in ("cosine_", "dot_", "euclidean_", "manhattan_"):
        if name.startswith(prefix):
            name = name[len(prefix):]
    if name == "ap":
        return positive_rate  # AP of a constant score equals the share of positives
    if name == "accuracy":
        # pair classification: the majority class; triplets: a coin flip
        return max(positive_rate, 1 - positive_rate) if positive_rate is not None else 0.5
    if name.startswith(("spearman", "pearson")) or name == "average_precision":
        return 0.0
    if name.startswith(("ndcg@", "mrr@", "map@", "accuracy@", "precision@", "recall@")):
        return 0.0
    return None


def is_collapsed(value: float | None, chance: float | None, baseline: float | None,
                 tolerance: float = TOLERANCE) -> bool:
    """A NaN/None metric (constant predictions make correlations undefined) is collapse; a
    value at chance is collapse only when the baseline was clearly above it, so an untrained
    random model that starts at chance is not flagged."""
    if value is None:
        return True
    if chance is None:
        return False
    if baseline is None or baseline <= chance + 2 * tolerance:
        return False
    return value <= chance + tolerance


def collapse_message(key: str, value: float | None, chance: float | None, baseline: float | None) -> str:
    shown = "undefined (NaN)" if value is None else f"{value:.4f}"
    parts = [f"{key} is {shown}"]
    if chance is not None:
        parts.append(f"chance level is {chance:.4f}")
    if baseline is not None:
        parts.append(f"the base model scored {baseline:.4f}")
    return "The loss looks collapsed: " + ", ".join(parts) + "."


COLLAPSE_HINT = ("Lower the learning rate (e.g. 2e-5), raise warmup_ratio, check the labels "
                 "(0/1 for duplicates, 0..1 scores), and for in-batch-negative losses make sure "
                 "batches do not repeat texts (NO_DUPLICATES sampler).")
