"""Shared by the real-training tests (and the GPU proof): a tiny offline BERT with a working
tokenizer, learnable synthetic datasets, running finetune.py, and what "it learned" means."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile

from .helpers import FINETUNE, TEMPLATES, schema_errors

SMOKE = os.path.join(TEMPLATES, "smoke")
if SMOKE not in sys.path:
    sys.path.insert(0, SMOKE)

from synth import TASKS, World, write_task  # noqa: E402
from tinymodel import build_model  # noqa: E402

OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
           "HF_HUB_DISABLE_PROGRESS_BARS": "1", "TOKENIZERS_PARALLELISM": "false"}
# The smallest gain in the primary metric that counts as learning; the tiny model gains
# 0.02 (paraphrase mining AP) to 0.16 (IR ndcg@10) on this data, its baseline is random.
MIN_GAIN = 0.01

__all__ = ["TASKS", "World", "write_task", "build_model", "Workspace", "run_finetune", "read_job", "write_job",
           "check_learned", "MIN_GAIN"]


class Workspace:
    """A temp folder with the tiny model built once, for a test class."""

    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="fte-train-")
        self.world = World()
        self.model = os.path.join(self.dir, "tiny-bert")
        build_model(self.model, self.world.vocab)  # asserts the tokenizer knows every word

    def job(self, task: str, name: str | None = None, n: int = 1500) -> str:
        return write_task(self.world, task, os.path.join(self.dir, "data", name or task), self.model, n=n)

    def run_dir(self, name: str) -> str:
        return os.path.join(self.dir, "runs", name)


def read_job(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def write_job(path: str, job: dict) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(job, fh, indent=2)
    return path


def parse_events(stdout: str) -> list[dict]:
    from fte.events import parse_line

    return [e for e in (parse_line(line) for line in stdout.splitlines()) if e is not None]


def finetune_command(job: str, run_dir: str) -> list[str]:
    return [sys.executable, FINETUNE, "--job", job, "--run-dir", run_dir]


def run_finetune(job: str, run_dir: str, timeout: int = 900) -> tuple[int, list[dict], str]:
    proc = subprocess.run(finetune_command(job, run_dir), capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **OFFLINE})
    return proc.returncode, parse_events(proc.stdout), proc.stdout[-3000:] + proc.stderr[-3000:]


def check_learned(test, events: list[dict], tail: str = "", **load) -> dict:
    """Asserts a complete, valid event stream whose primary metric beat the baseline; returns `completed`.
    `load`: SentenceTransformer keyword arguments for the saved model (e.g. trust_remote_code=True)."""
    types = [e["type"] for e in events]
    test.assertIn("completed", types, tail)
    for e in events:
        test.assertEqual(schema_errors(e), [], e)
    seqs = [e["seq"] for e in events]
    test.assertEqual(seqs, list(range(seqs[0], seqs[0] + len(seqs))), "seq is contiguous")
    test.assertIn("baseline", types)
    test.assertGreaterEqual(types.count("eval"), 1)
    test.assertGreaterEqual(types.count("train_log"), 1)
    done = next(e for e in events if e["type"] == "completed")
    for key, value in done["final_metrics"].items():
        test.assertTrue(value is not None and math.isfinite(value), f"{key} = {value}")
    base = done["baseline_metrics"][done["primary_metric"]]
    test.assertGreaterEqual(done["primary_value"] - base, MIN_GAIN,
                            f"{done['primary_metric']}: {base:.4f} -> {done['primary_value']:.4f} is no gain")
    from sentence_transformers import SentenceTransformer

    emb = SentenceTransformer(done["model_path"], **load).encode(["a test sentence"])
    test.assertEqual(emb.shape[0], 1)
    return done
