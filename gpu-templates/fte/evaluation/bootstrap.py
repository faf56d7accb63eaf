"""How sure is the gain? A paired bootstrap over the test items (queries, pairs, triplets).

Both models are scored on the same items, so each resample draws item indices once and
recomputes both models' statistic on them: the interval is of the difference, with the
per-item pairing kept. Pure numpy; unit-tested, including that its intervals hold a known gain."""
from __future__ import annotations

from typing import Callable

import numpy as np

RESAMPLES = 1000
LEVEL = 0.95
VERDICTS = ("better", "no clear change", "worse")

# statistic(indices) -> the metric on those items (np.mean of per-item scores, AP of a resample, ...)
Statistic = Callable[[np.ndarray], float]


def paired_interval(n: int, base: Statistic, tuned: Statistic, seed: int = 0, resamples: int = RESAMPLES,
                    level: float = LEVEL) -> tuple[float, float] | None:
    """The percentile interval of tuned - base over `resamples` paired resamples of n items (each
    resample's indices score both models); None when there are fewer than two items."""
    return score_interval(n, lambda idx: tuned(idx) - base(idx), seed, resamples, level)


def score_interval(n: int, statistic: Statistic, seed: int = 0, resamples: int = RESAMPLES,
                   level: float = LEVEL) -> tuple[float, float] | None:
    """The percentile interval of one model's score over `resamples` resamples of its n items. With
    the same seed and n, every model is resampled on the same item indices (a bake-off's candidates)."""
    if n < 2:
        return None
    rng = np.random.default_rng(seed)
    values = np.array([statistic(rng.integers(0, n, n)) for _ in range(resamples)])
    values = values[np.isfinite(values)]
    if not len(values):
        return None
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(values, [tail, 100 - tail])
    return float(lo), float(hi)


def mean_of(values) -> Statistic:
    arr = np.asarray(values, dtype=float)
    return lambda idx: float(arr[idx].mean())


def verdict(interval: tuple[float, float] | None, greater_is_better: bool = True) -> str | None:
    """better / worse when the whole interval is on one side of zero, else no clear change."""
    if interval is None:
        return None
    lo, hi = interval
    if lo > 0:
        return "better" if greater_is_better else "worse"
    if hi < 0:
        return "worse" if greater_is_better else "better"
    return "no clear change"
