"""Event payloads, built in one place for the trainer, the tests and the golden streams."""
from __future__ import annotations

import math

from .collapse import COLLAPSE_HINT, chance_level, collapse_message, is_collapsed
from .metrics import clean, deltas, full_keys
from .evaluation.keys import require
from .runctx import RunContext


def run_started(ctx: RunContext, *, job_name: str, task: str, model: str, libraries: dict, gpu: dict,
                world_size: int, resume_step: int | None, primary_metric: str, greater_is_better: bool,
                precision: str | None = None):
    return ctx.emit("run_started", job_name=job_name, task=task, model=model, libraries=libraries,
                    gpu_name=gpu.get("gpu_name"), gpu_memory_mb=gpu.get("gpu_memory_mb"),
                    gpu_count=int(gpu.get("gpu_count") or 0), world_size=world_size,
                    resumed=resume_step is not None, resume_step=resume_step,
                    primary_metric=primary_metric, greater_is_better=greater_is_better,
                    **({"precision": precision} if precision else {}))


def dataset(ctx: RunContext, info: dict):
    info = dict(info)
    uncapped = info.pop("validation_uncapped", None)
    event = ctx.emit("dataset", **info)
    if uncapped:
        ctx.warn_once("validation_capped",
                      f"The validation set is capped at {info['validation_rows']:,} rows (validation_size would carve "
                      f"{uncapped:,}); it is scored at every evaluation, and the other rows train.",
                      "Raise dataset.validation_max for a steadier checkpoint choice at a higher evaluation cost.")
    if info.get("dropped_empty"):
        ctx.warn_once("empty_rows", f"Dropped {info['dropped_empty']} rows with an empty text or a missing label.",
                      "Clean the dataset if that is more than you expected.")
    return event


def hard_negatives(ctx: RunContext, stats: dict):
    event = ctx.emit("hard_negatives", **stats)
    if stats["rows"] and stats["filled_rows"] / stats["rows"] >= 0.1:
        ctx.warn_once("hard_negatives_filled",
                      f"No hard negative passed the margins for {stats['filled_rows']} of {stats['rows']} training rows; "
                      "they got a random (easy) negative instead.",
                      "Loosen training.hard_negatives (a smaller relative_margin/absolute_margin, a higher max_score "
                      "or range_max).")
    return event


def evaluator_metrics(raw: dict) -> dict:
    """An evaluator's own result (`dev_cosine_ap`) as the trainer would log it (`eval_dev_cosine_ap`)."""
    return clean(full_keys(raw))


def baseline(ctx: RunContext, metrics: dict, primary: str, corpus_size: int | None = None, n: int | None = None):
    """The base model on the validation set (the charts' step 0); its test score is in `completed`."""
    return ctx.emit("baseline", metrics=metrics, primary_metric=primary, primary_value=metrics.get(primary),
                    split="validation", n=n, corpus_size=corpus_size)


def train_log(ctx: RunContext, *, step: int, total_steps: int | None, epoch: float | None, logs: dict,
              samples_per_second: float | None):
    event = ctx.emit("train_log", step=step, total_steps=total_steps, epoch=epoch, loss=logs.get("loss"),
                     learning_rate=logs.get("learning_rate"), grad_norm=logs.get("grad_norm"),
                     samples_per_second=samples_per_second)
    loss = logs.get("loss")
    if isinstance(loss, float) and not math.isfinite(loss):
        ctx.warn_once("nan_loss", f"The training loss became {loss} at step {step}.",
                      "Lower the learning rate, or use bf16 instead of fp16 (fp16 overflows).")
    return event


def evaluation(ctx: RunContext, *, step: int, epoch: float | None, metrics: dict, primary: str,
               primary_name: str, baseline_metrics: dict, positive_rate: float | None):
    """An eval event, then a collapse warning if the primary metric sank to chance level."""
    values = clean(metrics)
    require(primary, values, f"the evaluation at step {step}")
    value = values.get(primary)
    event = ctx.emit("eval", step=step, epoch=epoch, metrics=values, primary_metric=primary, primary_value=value)
    chance = chance_level(primary_name, positive_rate)
    base = baseline_metrics.get(primary)
    if is_collapsed(value, chance, base):
        ctx.warn_once("collapsed_loss", collapse_message(primary, value, chance, base), COLLAPSE_HINT)
    return event


def checkpoint(ctx: RunContext, step: int, path: str):
    return ctx.emit("checkpoint", step=step, path=path)


def completed(ctx: RunContext, *, baseline_metrics: dict, final_metrics: dict, primary: str, model_path: str,
              best_checkpoint: str | None, hub_url: str | None, peak_gpu_memory_mb: float | None,
              report: dict | None = None):
    """The test set's two scorings (base model, chosen model) and the report of the gain; a sweep
    trial's validation scores (report split "validation", no interval)."""
    report = report or {}
    interval = report.get("delta_ci95")
    return ctx.emit("completed", final_metrics=final_metrics, baseline_metrics=baseline_metrics,
                    deltas=deltas(baseline_metrics, final_metrics), primary_metric=primary,
                    primary_value=final_metrics.get(primary), split=report.get("split", "test"), n=report.get("n"),
                    corpus_size=report.get("corpus_size"),
                    delta_ci95=[_finite(v) for v in interval] if interval else None,
                    verdict=report.get("verdict"), also=report.get("also", []), model_path=model_path,
                    best_checkpoint=best_checkpoint, hub_url=hub_url, durations=ctx.finish_durations(),
                    peak_gpu_memory_mb=peak_gpu_memory_mb)


def _finite(value):
    return value if isinstance(value, (int, float)) and math.isfinite(value) else None
