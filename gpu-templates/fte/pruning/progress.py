"""Where a trial is in its training, in units every trial shares.

Optuna's MedianPruner compares trials at the same reported step. An optimizer step of a trial
with batch 64 has seen twice the data of one with batch 16, so comparing by step prunes the small
batch for being behind. Here every trial evaluates after the same number of training samples as
the sweep's own job would (eval_steps x its samples per step), and reports its progress as the
optimizer step the sweep's job would have reached after those samples: the pruner's warm-up,
the sweep view and the trial_report events keep their meaning, and trials line up exactly.
"""
from __future__ import annotations

import math


def samples_per_step(training: dict) -> int:
    """Training examples per optimizer step per process (world size is the same for every trial)."""
    return int(training["batch_size"]) * int(training.get("gradient_accumulation_steps") or 1)


def trial_eval_steps(base_eval_steps: int, base_sps: int, trial_sps: int) -> int:
    """The trial's eval_steps that evaluates after the same samples as base_eval_steps of the base."""
    return max(1, round(base_eval_steps * base_sps / trial_sps))


def equivalent_step(samples_seen: int, base_sps: int) -> int:
    return round(samples_seen / base_sps)


def samples_seen(step: int, samples_per_step: int, train_rows: int) -> int:
    """Training examples seen after `step` optimizer steps: an epoch's last batch is partial, so a
    big batch does not count samples it never saw (otherwise its end-of-epoch report lands later)."""
    if train_rows <= 0:
        return step * samples_per_step
    per_epoch = max(1, math.ceil(train_rows / samples_per_step))
    full, rest = divmod(step, per_epoch)
    return full * train_rows + min(rest * samples_per_step, train_rows)
