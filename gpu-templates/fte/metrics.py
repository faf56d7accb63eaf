"""Metric dict helpers shared by the baseline, eval and completed events."""
from __future__ import annotations

import math

# Trainer bookkeeping that is not a model-quality metric.
NOT_METRICS = ("eval_runtime", "eval_samples_per_second", "eval_steps_per_second", "epoch")


def full_keys(metrics: dict) -> dict:
    """Evaluators return `<name>_<metric>`; the trainer logs `eval_<name>_<metric>`. Use the latter."""
    out = {}
    for key, value in metrics.items():
        out[key if key.startswith("eval_") or key in NOT_METRICS else f"eval_{key}"] = value
    return out


def clean(metrics: dict) -> dict:
    """Numeric, finite-or-None metrics without trainer bookkeeping."""
    out: dict[str, float | None] = {}
    for key, value in metrics.items():
        if key in NOT_METRICS:
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            continue
        out[key] = number if math.isfinite(number) else None
    return out


def deltas(baseline: dict, final: dict) -> dict:
    out: dict[str, float | None] = {}
    for key, value in final.items():
        base = baseline.get(key)
        out[key] = None if value is None or base is None else value - base
    return out
