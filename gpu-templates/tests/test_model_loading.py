"""Loading the models people fine-tune, trained for real on CPU: a folder with its own modeling
code runs only with model.trust_remote_code (and then trains and learns), and an asymmetric Router
model gets its routes from the column roles (training would otherwise refuse to start after the
baseline was paid for)."""
from __future__ import annotations

import os
import tempfile
import unittest
from unittest import mock

import torch

from fte.errors import ConfigError
from fte.jobspec import Column
from fte.loading.router import routes_for

from .inprocess import event, train_in_process
from .modelkit import build_remote_code_model, build_router_model
from .trainkit import MIN_GAIN, OFFLINE, World, check_learned, read_job, run_finetune, write_job, write_task


class RoutesFromRoles(unittest.TestCase):
    COLS = (Column("anchor", "q", "anchor"), Column("positive", "d", "positive"), Column("negative", "n", "negative"))

    def test_anchor_is_query_and_positives_negatives_and_mined_columns_are_documents(self):
        got = routes_for(self.COLS, ["anchor", "positive", "negative", "negative_1"], ["query", "document"], False, "document")
        self.assertEqual(got, {"anchor": "query", "positive": "document", "negative": "document", "negative_1": "document"})

    def test_a_router_without_a_query_route_is_a_clear_config_error(self):
        with self.assertRaises(ConfigError) as ctx:
            routes_for(self.COLS, ["anchor", "positive"], ["text", "image"], False, None)
        self.assertIn("query", str(ctx.exception))
        self.assertIn("Router.for_query_document", ctx.exception.hint)

    def test_a_symmetric_task_uses_the_default_route(self):
        cols = (Column("text1", "a", "text1"), Column("text2", "b", "text2"), Column("score", "s", "score"))
        self.assertEqual(routes_for(cols, ["text1", "text2", "score"], ["query", "document"], True, "document"),
                         {"text1": "document", "text2": "document"})


class RemoteCode(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="fte-remote-")
        cls.world = World()
        cls.model = build_remote_code_model(os.path.join(cls.root, "remote-bert"), cls.world.vocab)
        cls.job = write_task(cls.world, "information-retrieval", os.path.join(cls.root, "data"), cls.model, n=800)

    def _run(self, name: str, options: dict | None):
        job = read_job(self.job)
        if options is not None:
            job["model_options"] = options
        path = write_job(os.path.join(self.root, f"{name}.job.json"), job)
        mark = os.path.join(self.root, f"{name}.mark")
        with mock.patch.dict(os.environ, {"FTE_TEST_REMOTE_MARK": mark}):
            code, events, tail = run_finetune(path, os.path.join(self.root, "runs", name))
        return code, events, tail, os.path.exists(mark)

    def test_without_opt_in_the_folders_code_never_runs_and_the_error_names_the_key(self):
        code, events, tail, ran = self._run("refused", None)
        self.assertNotEqual(code, 0)
        self.assertFalse(ran, "the model's own code must not run without trust_remote_code")
        err = next(e for e in events if e["type"] == "error")
        self.assertEqual(err["category"], "config", tail)
        self.assertIn("ships its own Python code", err["message"])
        self.assertIn("trust_remote_code: true", err["hint"])
        self.assertNotIn("baseline", [e["type"] for e in events], "refused before any evaluation was paid for")

    def test_with_opt_in_its_code_runs_and_the_model_learns(self):
        code, events, tail, ran = self._run("trusted", {"revision": None, "trust_remote_code": True, "attn_implementation": None})
        self.assertEqual(code, 0, tail)
        self.assertTrue(ran, "the folder's TinyRemoteModel was the model trained")
        done = check_learned(self, events, tail, trust_remote_code=True)
        from sentence_transformers import SentenceTransformer

        saved = SentenceTransformer(done["model_path"], trust_remote_code=True)
        self.assertEqual(type(saved[0].auto_model).__name__, "TinyRemoteModel")


class RouterModel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="fte-router-")
        world = World()
        # 128 wide: measured against the whole corpus, two 32-wide random towers gained +0.005..+0.014
        # ndcg@10 (at the 0.01 bar); 128-wide ones +0.05..+0.06 in the same 4 epochs.
        cls.model = build_router_model(os.path.join(cls.root, "router"), world.vocab, hidden=128)
        job_path = write_task(world, "information-retrieval", os.path.join(cls.root, "data"), cls.model, n=1200)
        job = read_job(job_path)
        # Two independent random towers must first be aligned: more steps and a faster rate than one tower.
        job["training"].update(epochs=4, learning_rate=1e-3)
        write_job(job_path, job)
        from sentence_transformers import SentenceTransformer
        from sentence_transformers.base.data_collator import BaseDataCollator

        cls.before = {k: v.clone() for k, v in SentenceTransformer(cls.model, device="cpu").state_dict().items()}
        cls.routed: set = set()
        original = BaseDataCollator._get_task_for_column

        def spy(self, column, position, mapping):
            task = original(self, column, position, mapping)
            cls.routed.add((column, task))
            return task

        os.environ.update(OFFLINE)
        with mock.patch.object(BaseDataCollator, "_get_task_for_column", spy):
            cls.result, cls.events = train_in_process(job_path, os.path.join(cls.root, "runs", "router"))

    def test_the_collator_routes_each_column_by_its_role(self):
        self.assertIn(("anchor", "query"), self.routed)
        self.assertIn(("positive", "document"), self.routed)
        self.assertIn(("negative", "document"), self.routed)

    def test_both_towers_trained_and_the_model_beat_its_baseline(self):
        from sentence_transformers import SentenceTransformer

        after = SentenceTransformer(self.result["model_path"], device="cpu").state_dict()
        changed = {k.split(".")[2] for k, v in after.items() if k in self.before and v.dtype.is_floating_point
                   and not torch.allclose(v, self.before[k])}
        self.assertEqual(changed, {"query", "document"}, sorted(changed))
        done = event(self.events, "completed")
        base = done["baseline_metrics"][done["primary_metric"]]
        self.assertGreaterEqual(done["primary_value"] - base, MIN_GAIN)


if __name__ == "__main__":
    unittest.main()
