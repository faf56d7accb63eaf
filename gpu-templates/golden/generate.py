#!/usr/bin/env python3
"""Writes the golden event streams (gpu-templates/golden/*.jsonl) from the real emitter.

Each file is raw stdout as a consumer sees it: marked event lines interleaved with library
noise. The payloads come from fte.reporting / fte.errors, the code the trainer runs, so the
streams stay true to the emitter; tests/test_golden.py fails when a file is stale.
Run: python3 gpu-templates/golden/generate.py
"""
from __future__ import annotations

import io
import os
import sys
import tempfile
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from fte import reporting  # noqa: E402
from fte.errors import error_fields  # noqa: E402
from fte.events import Emitter  # noqa: E402
from fte.runctx import RunContext  # noqa: E402

LIBS = {"python": "3.11.7", "sentence_transformers": "6.1.0", "transformers": "5.2.0", "torch": "2.9.1",
        "datasets": "4.4.1", "accelerate": "1.12.0", "huggingface_hub": "1.1.4", "optuna": None}
GPU = {"gpu_name": "NVIDIA A10G", "gpu_memory_mb": 22564, "gpu_count": 1}
PRIMARY = "eval_dev_cosine_ap"
BINARY = ["cosine_accuracy", "cosine_accuracy_threshold", "cosine_f1", "cosine_f1_threshold",
          "cosine_precision", "cosine_recall", "cosine_ap", "cosine_mcc"]


class Clock:
    """Deterministic timestamps: one second per event from a fixed start."""

    def __init__(self, start: datetime) -> None:
        self.t = start

    def __call__(self) -> str:
        self.t += timedelta(seconds=1)
        return self.t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class FakeDurations(RunContext):
    """Phase durations from the fake clock's spirit: fixed numbers, so the files are stable."""

    def finish_durations(self) -> dict[str, float]:
        return {"preparing_data": 4.2, "loading_model": 6.8, "baseline": 3.1, "training": 412.5,
                "evaluating": 2.9, "saving": 1.4, "total": 430.9}


def binary_metrics(ap: float, acc: float) -> dict:
    values = {"cosine_accuracy": acc, "cosine_accuracy_threshold": 0.83, "cosine_f1": acc - 0.05,
              "cosine_f1_threshold": 0.79, "cosine_precision": acc - 0.08, "cosine_recall": acc + 0.02,
              "cosine_ap": ap, "cosine_mcc": acc - 0.3}
    return {f"dev_{k}": round(v, 4) for k, v in values.items()}


def context(run_dir: str, out: io.StringIO, run_id: str, start: datetime) -> RunContext:
    return FakeDurations(Emitter(run_id, run_dir, stream=out, clock=Clock(start)))


def started(ctx: RunContext, resume_step: int | None = None) -> None:
    reporting.run_started(ctx, job_name="quora-duplicates", task="duplicate-classification",
                          model="BAAI/bge-base-en-v1.5", libraries=LIBS, gpu=GPU, world_size=1,
                          resume_step=resume_step, primary_metric=PRIMARY, greater_is_better=True)


def prelude(ctx: RunContext, out: io.StringIO, base: dict) -> None:
    started(ctx)
    ctx.set_phase("preparing_data")
    out.write("Generating train split: 100%|##########| 404290/404290 [00:02<00:00, 160231.22 examples/s]\n")
    reporting.dataset(ctx, {"total_rows": 404290, "sampled_rows": 4042, "dropped_empty": 2,
                            "train_rows": 3272, "validation_rows": 364, "test_rows": 404, "eval_rows": 404,
                            "test_source": "test_size", "columns": ["text1", "text2", "label"]})
    ctx.set_phase("loading_model")
    out.write("Some weights of BertModel were not initialized from the model checkpoint (noise)\n")
    ctx.set_phase("baseline")
    reporting.baseline(ctx, reporting.evaluator_metrics(base), PRIMARY)
    ctx.set_phase("training", total_steps=2280)


def train(ctx: RunContext, out: io.StringIO, steps: range, base: dict, curve, collapse_at: int | None = None) -> None:
    for step in steps:
        if step % 50:
            continue
        loss = float("nan") if collapse_at and step >= collapse_at else round(0.09 * 0.999 ** step, 5)
        reporting.train_log(ctx, step=step, total_steps=2280, epoch=round(step / 228, 4),
                            logs={"loss": loss, "learning_rate": 2e-5 * (1 - step / 2280), "grad_norm": 1.7},
                            samples_per_second=148.3)
        if step % 100 == 0:
            ap = curve(step)
            metrics = {f"eval_{k}": v for k, v in binary_metrics(ap, 0.7 + ap / 5).items()}
            metrics.update({"eval_loss": 0.041, "eval_runtime": 1.9, "epoch": round(step / 228, 4)})
            reporting.evaluation(ctx, step=step, epoch=round(step / 228, 4), metrics=metrics, primary=PRIMARY,
                                 primary_name="cosine_ap", baseline_metrics=reporting.evaluator_metrics(base),
                                 positive_rate=0.37)
            reporting.checkpoint(ctx, step, f"/vol/runs/{ctx.emitter.run_id}/checkpoints/checkpoint-{step}")
            out.write(f"{{'eval_loss': 0.041, 'epoch': {step / 228:.2f}}}  <- a stray print from user code\n")


def finish(ctx: RunContext, base: dict, final_ap: float) -> None:
    ctx.set_phase("evaluating")
    final = reporting.evaluator_metrics(binary_metrics(final_ap, 0.86))
    ctx.set_phase("saving")
    also = [{"name": "last-quarter", "metric": PRIMARY, "n": 250, "baseline": 0.8012, "finetuned": 0.7954, "delta": -0.0058,
             "delta_ci95": [-0.0191, 0.0074], "verdict": "no clear change"}]
    report = {"n": 404, "corpus_size": None, "delta_ci95": [0.021, 0.083], "verdict": "better", "also": also}
    reporting.completed(ctx, baseline_metrics=reporting.evaluator_metrics(base), final_metrics=final, primary=PRIMARY,
                        report=report, model_path=f"/vol/runs/{ctx.emitter.run_id}/model",
                        best_checkpoint=f"/vol/runs/{ctx.emitter.run_id}/checkpoints/checkpoint-300",
                        hub_url=None, peak_gpu_memory_mb=9411.0)


def completed_run(run_dir: str) -> str:
    out = io.StringIO()
    ctx = context(run_dir, out, "quora-duplicates-20260101-000000", datetime(2026, 1, 1, tzinfo=timezone.utc))
    base = binary_metrics(0.8212, 0.79)
    prelude(ctx, out, base)
    train(ctx, out, range(50, 351), base, lambda s: 0.84 + s / 10000)
    finish(ctx, base, 0.8731)
    return out.getvalue()


def failed_run(run_dir: str) -> str:
    class OutOfMemoryError(RuntimeError):  # stands in for torch.OutOfMemoryError, matched by name
        pass

    out = io.StringIO()
    ctx = context(run_dir, out, "quora-duplicates-20260102-000000", datetime(2026, 1, 2, tzinfo=timezone.utc))
    base = binary_metrics(0.8212, 0.79)
    prelude(ctx, out, base)
    out.write("/usr/local/lib/python3.11/site-packages/torch/utils/checkpoint.py:87: UserWarning: noise\n")
    try:
        raise OutOfMemoryError("CUDA out of memory. Tried to allocate 1.50 GiB. GPU 0 has a total capacity of 22.05 GiB")
    except OutOfMemoryError as exc:
        fields = error_fields(exc, ctx.phase)
    # Paths in a real traceback depend on the machine; keep the golden file stable.
    fields["traceback_tail"] = ["Traceback (most recent call last):", '  File "/root/gpu-templates/fte/training.py", line 96, in _train',
                                "    trainer.train(resume_from_checkpoint=None)",
                                "torch.OutOfMemoryError: " + fields["message"].split(": ", 1)[1]]
    ctx.emit("error", **fields)
    return out.getvalue()


def collapse_run(run_dir: str) -> str:
    out = io.StringIO()
    ctx = context(run_dir, out, "quora-duplicates-20260103-000000", datetime(2026, 1, 3, tzinfo=timezone.utc))
    base = binary_metrics(0.8212, 0.79)
    prelude(ctx, out, base)
    # AP falls to the positive rate (0.37): every pair gets the same similarity.
    train(ctx, out, range(50, 351), base, lambda s: 0.83 if s < 200 else 0.37, collapse_at=300)
    finish(ctx, base, 0.37)
    return out.getvalue()


def resumed_run(run_dir: str) -> str:
    out = io.StringIO()
    run_id = "quora-duplicates-20260104-000000"
    ctx = context(run_dir, out, run_id, datetime(2026, 1, 4, tzinfo=timezone.utc))
    base = binary_metrics(0.8212, 0.79)
    prelude(ctx, out, base)
    train(ctx, out, range(50, 251), base, lambda s: 0.84 + s / 10000)
    out.write("Killed\n")  # the container was preempted after checkpoint-200 and a log at 250
    # Relaunch with the same run dir: a new emitter continues seq from events.jsonl.
    ctx = context(run_dir, out, run_id, datetime(2026, 1, 4, 1, tzinfo=timezone.utc))
    started(ctx, resume_step=200)
    ctx.set_phase("preparing_data")
    reporting.dataset(ctx, {"total_rows": 404290, "sampled_rows": 4042, "dropped_empty": 2,
                            "train_rows": 3272, "validation_rows": 364, "test_rows": 404, "eval_rows": 404,
                            "test_source": "test_size", "columns": ["text1", "text2", "label"]})
    ctx.set_phase("loading_model")
    ctx.set_phase("baseline")
    reporting.baseline(ctx, reporting.evaluator_metrics(base), PRIMARY)
    ctx.set_phase("training", total_steps=2280)
    train(ctx, out, range(250, 351), base, lambda s: 0.84 + s / 10000)
    finish(ctx, base, 0.8731)
    return out.getvalue()


def mined_run(run_dir: str) -> str:
    """Information retrieval with training.hard_negatives: the mining phase and its statistics."""
    out = io.StringIO()
    ctx = context(run_dir, out, "support-tickets-20260105-000000", datetime(2026, 1, 5, tzinfo=timezone.utc))
    reporting.run_started(ctx, job_name="support-tickets", task="information-retrieval", model="BAAI/bge-small-en-v1.5",
                          libraries=LIBS, gpu=GPU, world_size=1, resume_step=None,
                          primary_metric="eval_dev_cosine_ndcg@10", greater_is_better=True)
    ctx.set_phase("preparing_data")
    reporting.dataset(ctx, {"total_rows": 1200, "sampled_rows": 1200, "dropped_empty": 0, "train_rows": 864,
                            "validation_rows": 96, "test_rows": 240, "eval_rows": 240, "test_source": "test_size",
                            "columns": ["anchor", "positive"]})
    ctx.set_phase("loading_model")
    ctx.set_phase("mining")
    out.write("Batches: 100%|##########| 30/30 [00:01<00:00, 21.02it/s]\n")
    reporting.hard_negatives(ctx, {"rows": 960, "mined_rows": 812, "filled_rows": 148, "count": 1, "sampling": "top",
                                   "corpus_size": 958, "distinct_negatives": 611, "positive_score": 0.6121,
                                   "negative_score": 0.4873, "margin": 0.1248,
                                   "columns": ["anchor", "positive", "negative_1"], "seconds": 3.4})
    ctx.set_phase("baseline")
    base = {"dev_cosine_ndcg@10": 0.71, "dev_cosine_mrr@10": 0.66}
    reporting.baseline(ctx, reporting.evaluator_metrics(base), "eval_dev_cosine_ndcg@10", corpus_size=1198, n=96)
    ctx.set_phase("training", total_steps=30)
    ctx.set_phase("evaluating")
    ctx.set_phase("saving")
    reporting.completed(ctx, baseline_metrics=reporting.evaluator_metrics(base),
                        final_metrics=reporting.evaluator_metrics({"dev_cosine_ndcg@10": 0.78, "dev_cosine_mrr@10": 0.74}),
                        primary="eval_dev_cosine_ndcg@10", model_path=f"/vol/runs/{ctx.emitter.run_id}/model",
                        report={"n": 240, "corpus_size": 1198, "delta_ci95": [-0.012, 0.151],
                                "verdict": "no clear change", "also": []},
                        best_checkpoint=None, hub_url=None, peak_gpu_memory_mb=2101.0)
    return out.getvalue()


STREAMS = {"completed.jsonl": completed_run, "failed-oom.jsonl": failed_run,
           "collapse-warning.jsonl": collapse_run, "resumed.jsonl": resumed_run, "hard-negatives.jsonl": mined_run}


def generate() -> dict[str, str]:
    texts = {}
    for name, make in STREAMS.items():
        with tempfile.TemporaryDirectory() as run_dir:
            texts[name] = make(run_dir)
    return texts


if __name__ == "__main__":
    for name, text in generate().items():
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as fh:
            fh.write(text)
        print(f"wrote {name}: {text.count(chr(10))} lines")
