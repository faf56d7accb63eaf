"""Row-count arithmetic: subsampling, the held-out split and the step count."""
from __future__ import annotations

import math

from .errors import ConfigError, DatasetError


def sample_count(total: int, sample: float | int | None) -> int:
    """`sample`: None = all rows, a fraction in (0, 1], or a row count (integer > 1)."""
    if sample is None:
        return total
    if isinstance(sample, bool) or not isinstance(sample, (int, float)) or sample <= 0:
        raise ConfigError(f"dataset.sample must be a fraction in (0, 1] or a row count, got {sample!r}.")
    if sample <= 1:
        # JSON writes 1.0 as 1, so an integer 1 is the fraction "all rows" (the spec: counts are > 1).
        return total if sample == 1 else max(1, min(total, math.floor(total * sample)))
    if isinstance(sample, float) and not sample.is_integer():
        raise ConfigError(f"dataset.sample above 1 must be a whole row count, got {sample}.")
    return min(total, int(sample))


def split_counts(total: int, test_size: float) -> tuple[int, int]:
    """(train, eval) rows as datasets' train_test_split computes them: eval = ceil(n * test_size)."""
    if not 0 < test_size < 1:
        raise ConfigError(f"dataset.test_size must be in (0, 1), got {test_size}.")
    n_eval = math.ceil(total * test_size)
    n_train = total - n_eval
    if n_eval < 1 or n_train < 1:
        raise DatasetError(
            f"{total} rows are too few to split off test_size={test_size}: {n_train} train / {n_eval} eval.",
            "Use more rows (dataset.sample) or a different test_size.")
    return n_train, n_eval


def total_steps(train_rows: int, batch_size: int, epochs: float, world_size: int = 1,
                grad_accum: int = 1) -> int:
    """Optimizer steps the trainer will take (its own arithmetic, for the progress bar)."""
    per_step = max(1, batch_size * max(1, world_size))
    batches = math.ceil(train_rows / per_step)
    updates_per_epoch = max(1, batches // max(1, grad_accum))
    return max(1, math.ceil(updates_per_epoch * epochs))


def logging_steps(steps: int, eval_steps: int, points: int = 500) -> int:
    """Enough train_log points to chart (~`points`), never fewer than one per eval."""
    return max(1, min(eval_steps, steps // points if steps > points else 1))


def evaluation_interval(eval_steps: float, steps: int) -> int:
    """training.eval_steps: a step count (>= 1), or a fraction of the run in (0, 1) (0.25: four
    evaluations). Checkpoints follow the same interval."""
    if 0 < eval_steps < 1:
        return max(1, round(steps * eval_steps))
    return max(1, int(eval_steps))
