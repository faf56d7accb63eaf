"""Several processes, for real on CPU: finetune.py under torchrun with two processes (gloo). The
in-batch-negative loss gathers across processes (each anchor is scored against 2 x batch
positives: 2 x batch - 1 negatives), the dashboard's negatives-per-example says so, and mining
and the baseline run once, on rank 0. Test-only instrumentation: tests/spy/sitecustomize.py."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import unittest

from fte.multigpu.negatives import negatives_per_example

from .helpers import FINETUNE, TEMPLATES, schema_errors
from .trainkit import OFFLINE, World, build_model, parse_events, read_job, write_job, write_task

SPY = os.path.join(TEMPLATES, "tests", "spy")
BATCH = 8


def torchrun(job: str, run_dir: str, spy_dir: str) -> tuple[int, list[dict], str]:
    os.makedirs(spy_dir, exist_ok=True)
    env = {**os.environ, **OFFLINE, "FTE_TEST_SPY_DIR": spy_dir, "PYTHONPATH": os.pathsep.join([SPY, TEMPLATES]),
           "OMP_NUM_THREADS": "1", "CUDA_VISIBLE_DEVICES": ""}
    proc = subprocess.run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nproc_per_node=2",
                           FINETUNE, "--job", job, "--run-dir", run_dir],
                          capture_output=True, text=True, timeout=900, env=env)
    return proc.returncode, parse_events(proc.stdout), proc.stdout[-3000:] + proc.stderr[-5000:]


def spied(spy_dir: str, rank: int) -> list[dict]:
    path = os.path.join(spy_dir, f"rank-{rank}.jsonl")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


class Pure(unittest.TestCase):
    def test_negatives_per_example(self):
        self.assertEqual(negatives_per_example("mnrl", 64, 4, True, 0), 255)  # hardware_guide.md's table
        self.assertEqual(negatives_per_example("mnrl", 64, 4, False, 0), 63)
        self.assertEqual(negatives_per_example("mnrl", 8, 2, True, 1), 31)
        self.assertIsNone(negatives_per_example("cosent", 8, 2, True, 0))


class TwoProcesses(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="fte-ddp-")
        world = World()
        model = os.path.join(cls.root, "tiny-bert")
        build_model(model, world.vocab)
        job_path = write_task(world, "information-retrieval", os.path.join(cls.root, "data"), model, n=400)
        job = read_job(job_path)
        job["dataset"]["columns"] = job["dataset"]["columns"][:2]  # pairs: anchor, positive
        job["training"].update(batch_size=BATCH, epochs=1, eval_steps=1000, precision="fp32",
                               hard_negatives={"count": 1, "sampling": "top", "range_min": None, "range_max": None,
                                               "absolute_margin": None, "relative_margin": None, "max_score": None})
        cls.job = write_job(job_path, job)
        cls.spy = os.path.join(cls.root, "spy")
        cls.code, cls.events, cls.tail = torchrun(cls.job, os.path.join(cls.root, "run"), cls.spy)

    def test_the_run_completes_with_valid_events_from_rank_0_only(self):
        self.assertEqual(self.code, 0, self.tail)
        for e in self.events:
            self.assertEqual(schema_errors(e), [], e)
        started = next(e for e in self.events if e["type"] == "run_started")
        self.assertEqual(started["world_size"], 2)
        self.assertEqual([e["type"] for e in self.events].count("completed"), 1)

    def test_each_anchor_is_scored_against_both_processes_texts(self):
        # Mining added one negative column: 2 processes x BATCH x (positive + negative) candidates.
        for rank in (0, 1):
            shapes = [tuple(r["shape"]) for r in spied(self.spy, rank) if r["kind"] == "scores"]
            self.assertTrue(shapes, f"rank {rank} computed no loss")
            self.assertIn((BATCH, 2 * BATCH * 2), shapes, f"rank {rank}: {sorted(set(shapes))}")
            self.assertTrue(all(r["gather"] for r in spied(self.spy, rank) if r["kind"] == "scores"))
        setup = next(e for e in self.events if e["type"] == "training_setup")
        self.assertTrue(setup["gather_across_devices"])
        self.assertEqual(setup["negatives_per_example"], 2 * BATCH * 2 - 1)

    def test_mining_and_the_baseline_ran_once_on_rank_0(self):
        rank0, rank1 = spied(self.spy, 0), spied(self.spy, 1)
        self.assertEqual(sum(r["kind"] == "mine" for r in rank0), 1)
        self.assertEqual(sum(r["kind"] == "mine" for r in rank1), 0, "rank 1 loaded rank 0's mined set")
        # The evaluator's calls outside the trainer (epoch -1). Rank 0: validation before and after,
        # the test set before and after. Rank 1: only the validation baseline, whose first call names
        # the primary key every process needs for metric_for_best_model (issue 17); it reports nothing.
        self.assertEqual(sum(r["kind"] == "eval" and r["epoch"] == -1 for r in rank0), 4)
        self.assertEqual(sum(r["kind"] == "eval" and r["epoch"] == -1 for r in rank1), 1)
        self.assertEqual(sum(e["type"] == "hard_negatives" for e in self.events), 1)


class PairsGather(unittest.TestCase):
    """The plain case: pairs, no mining: the loss sees 2 x batch candidates, 2 x batch - 1 negatives."""

    def test_two_processes_give_each_anchor_2_x_batch_minus_1_negatives(self):
        root = tempfile.mkdtemp(prefix="fte-ddp-pairs-")
        world = World()
        model = os.path.join(root, "tiny-bert")
        build_model(model, world.vocab)
        job_path = write_task(world, "paraphrase-mining", os.path.join(root, "data"), model, n=300)
        job = read_job(job_path)
        job["training"].update(batch_size=BATCH, epochs=1, eval_steps=1000, precision="fp32")
        spy = os.path.join(root, "spy")
        code, events, tail = torchrun(write_job(job_path, job), os.path.join(root, "run"), spy)
        self.assertEqual(code, 0, tail)
        for rank in (0, 1):
            shapes = {tuple(r["shape"]) for r in spied(spy, rank) if r["kind"] == "scores"}
            self.assertIn((BATCH, 2 * BATCH), shapes, f"rank {rank}: {sorted(shapes)}")
        setup = next(e for e in events if e["type"] == "training_setup")
        self.assertEqual(setup["negatives_per_example"], 2 * BATCH - 1)


if __name__ == "__main__":
    unittest.main()
