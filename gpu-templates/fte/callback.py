"""TrainerCallback that turns the trainer's logs into events (transformers imported lazily)."""
from __future__ import annotations

import os
import time

from . import reporting
from .pruning.progress import samples_seen
from .runctx import RunContext


def make_callback(ctx: RunContext, primary: str, primary_name: str, baseline: dict,
                  positive_rate: float | None, samples_per_step: int, reporter=None, train_rows: int = 0):
    """`reporter` (optional, a sweep trial): told each evaluation's metrics; it may raise
    optuna.TrialPruned, which stops training (the sweep catches it)."""
    from transformers import TrainerCallback

    class EventCallback(TrainerCallback):
        def __init__(self) -> None:
            self.total_steps = None
            self._last = None  # (time, step) of the previous train log, for samples/s

        def on_train_begin(self, args, state, control, **kwargs):
            self.total_steps = state.max_steps
            self._last = (time.monotonic(), state.global_step)

        def on_log(self, args, state, control, logs=None, **kwargs):
            logs = logs or {}
            if "loss" not in logs:
                return  # eval logs arrive in on_evaluate; the end-of-training summary is not charted
            now, step = time.monotonic(), state.global_step
            rate = None
            if self._last and step > self._last[1] and now > self._last[0]:
                rate = (step - self._last[1]) * samples_per_step / (now - self._last[0])
            self._last = (now, step)
            reporting.train_log(ctx, step=step, total_steps=self.total_steps, epoch=state.epoch,
                                logs=logs, samples_per_second=rate)

        def on_evaluate(self, args, state, control, metrics=None, **kwargs):
            reporting.evaluation(ctx, step=state.global_step, epoch=state.epoch, metrics=metrics or {},
                                 primary=primary, primary_name=primary_name, baseline_metrics=baseline,
                                 positive_rate=positive_rate)
            self._last = (time.monotonic(), state.global_step)  # evaluation time is not training speed
            if reporter is not None:
                reporter.report(state.global_step, reporting.evaluator_metrics(metrics or {}),
                                samples_seen=samples_seen(state.global_step, samples_per_step, train_rows))

        def on_save(self, args, state, control, **kwargs):
            path = os.path.join(args.output_dir, f"checkpoint-{state.global_step}")
            reporting.checkpoint(ctx, state.global_step, path)

    return EventCallback()
