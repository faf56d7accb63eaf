"""A cheap, deterministic stand-in for training (`--train-fn fte.sweep.dryrun:train`): the
orchestration tests use it, and it proves a worker image and storage without a GPU.

The objective peaks at learning_rate 2e-5 (log scale) and warmup_ratio 0.1; a learning rate
above 1e-3 "collapses" (the metric sinks to chance, 0.5). It reports FTE_DRYRUN_EVALS (3)
evaluations at steps eval_steps, 2*eval_steps, ..., sleeping FTE_DRYRUN_SLEEP seconds before
each, and fails when the trial number is in FTE_DRYRUN_FAIL (comma-separated).
"""
from __future__ import annotations

import json
import math
import os
import time


def objective(job) -> float:
    tr = job.training
    lr = float(tr.get("learning_rate", 2e-5))
    if lr > 1e-3:
        return 0.5
    score = 0.9 - 0.1 * abs(math.log10(lr / 2e-5)) - 0.3 * abs(float(tr.get("warmup_ratio", 0.1)) - 0.1)
    score -= 0.001 * abs(int(tr.get("batch_size", 32)) - 32) / 32
    scale = job.loss.get("args", {}).get("scale")
    if isinstance(scale, (int, float)):
        score -= 0.002 * abs(scale - 20)
    return round(score, 6)


def train(job, reporter) -> dict:
    evals = int(os.environ.get("FTE_DRYRUN_EVALS", "3"))
    pause = float(os.environ.get("FTE_DRYRUN_SLEEP", "0"))
    fail = {int(n) for n in os.environ.get("FTE_DRYRUN_FAIL", "").split(",") if n.strip()}
    final = objective(job)
    step = max(1, int(job.training.get("eval_steps", 10)))
    key = reporter.metric
    for k in range(1, evals + 1):
        time.sleep(pause)
        if reporter.number in fail:
            raise RuntimeError(f"dry-run failure requested for trial {reporter.number}")
        reporter.report(k * step, {key: final * (0.7 + 0.3 * k / evals)})
    model = os.path.join(reporter.run_dir, "model")
    os.makedirs(model, exist_ok=True)
    with open(os.path.join(model, "dryrun.json"), "w", encoding="utf-8") as fh:
        json.dump({"model": job.model, "training": job.training, "value": final}, fh)
    return {"metrics": {key: final}, "collapsed": final <= 0.5, "model_path": model}
