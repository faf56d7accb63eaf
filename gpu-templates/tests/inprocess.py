"""Training in this test process (not a subprocess), so a test can watch what the trainer's data
collator and the model really receive: fte.training.train_job with events written to the run folder."""
from __future__ import annotations

import io
import json
import os

from .trainkit import OFFLINE


def train_in_process(job_path: str, run_dir: str) -> tuple[dict, list[dict]]:
    """(train_job's result, the run's events)."""
    os.environ.update(OFFLINE)
    from fte.events import Emitter
    from fte.jobspec import load_job
    from fte.runctx import RunContext
    from fte.training import train_job

    os.makedirs(run_dir, exist_ok=True)
    ctx = RunContext(Emitter(os.path.basename(run_dir), run_dir, stream=io.StringIO()))
    result = train_job(load_job(job_path), ctx, run_dir, os.path.join(run_dir, ".hf-cache"))
    with open(os.path.join(run_dir, "events.jsonl"), encoding="utf-8") as fh:
        events = [json.loads(line) for line in fh if line.strip()]
    return result, events


def event(events: list[dict], type_: str) -> dict:
    return next(e for e in events if e["type"] == type_)
