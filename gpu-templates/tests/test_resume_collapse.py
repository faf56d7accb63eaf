import os
import tempfile
import unittest

from fte.collapse import chance_level, is_collapsed
from fte.evaldata import ir_data, paraphrase_data, positive_rate
from fte.resume import cache_dir, latest_checkpoint, list_checkpoints, worker_cache_dir


class ResumeTest(unittest.TestCase):
    def test_latest_complete_checkpoint_by_number(self):
        with tempfile.TemporaryDirectory() as run_dir:
            root = os.path.join(run_dir, "checkpoints")
            for name, complete in [("checkpoint-100", True), ("checkpoint-1000", True), ("checkpoint-200", True),
                                   ("checkpoint-1100", False), ("runs", True), ("checkpoint-x", True)]:
                os.makedirs(os.path.join(root, name))
                if complete:
                    open(os.path.join(root, name, "trainer_state.json"), "w").close()
            self.assertEqual([s for s, _ in list_checkpoints(run_dir)], [100, 200, 1000])
            self.assertEqual(latest_checkpoint(run_dir), (1000, os.path.join(root, "checkpoint-1000")))

    def test_no_checkpoints(self):
        with tempfile.TemporaryDirectory() as run_dir:
            self.assertIsNone(latest_checkpoint(run_dir))

    def test_cache_dir_precedence(self):
        self.assertEqual(cache_dir("/vol/runs/r1", {}), "/vol/runs/.hf-cache")
        self.assertEqual(cache_dir("/vol/runs/r1", {"HF_HOME": "/hf"}), "/hf")
        self.assertEqual(cache_dir("/vol/runs/r1", {"HF_HOME": "/hf", "FTE_CACHE_DIR": "/c"}), "/c")

    def test_sweep_workers_never_share_a_cache_folder(self):
        a = worker_cache_dir("/vol/runs/sweep-quora", {}, 0)
        b = worker_cache_dir("/vol/runs/sweep-quora", {}, 1)
        self.assertEqual(a, "/vol/runs/.hf-cache/sweep-workers/sweep-quora/w0")
        self.assertNotEqual(a, b)
        self.assertNotEqual(a, worker_cache_dir("/vol/runs/sweep-other", {}, 0))  # two sweeps at once
        self.assertEqual(worker_cache_dir("/vol/runs/sweep-quora/", {}, 0), a)  # a relaunch reuses its own
        self.assertEqual(worker_cache_dir("/vol/runs/sweep-quora", {"HF_HOME": "/hf"}, 2), "/hf/sweep-workers/sweep-quora/w2")


class CollapseTest(unittest.TestCase):
    def test_chance_levels(self):
        self.assertEqual(chance_level("cosine_ap", 0.37), 0.37)
        self.assertEqual(chance_level("cosine_accuracy", 0.37), 0.63)
        self.assertEqual(chance_level("cosine_accuracy"), 0.5)
        self.assertEqual(chance_level("spearman_cosine"), 0.0)
        self.assertEqual(chance_level("cosine_ndcg@10"), 0.0)
        self.assertEqual(chance_level("average_precision"), 0.0)
        self.assertIsNone(chance_level("something_else"))

    def test_collapse_needs_a_baseline_above_chance(self):
        self.assertTrue(is_collapsed(0.37, 0.37, 0.82))
        self.assertFalse(is_collapsed(0.80, 0.37, 0.82))
        self.assertFalse(is_collapsed(0.38, 0.37, 0.38))  # a random model starts at chance: not collapse
        self.assertTrue(is_collapsed(None, 0.0, 0.5))  # NaN spearman: constant predictions


class EvalDataTest(unittest.TestCase):
    def test_ir_data_dedupes_and_keeps_every_positive(self):
        queries, corpus, relevant = ir_data(["q1", "q2", "q1"], ["a", "b", "c"], ["n", "a", "n"])
        self.assertEqual(queries, {"q0": "q1", "q1": "q2"})
        self.assertEqual(sorted(corpus.values()), ["a", "b", "c", "n"])
        by_text = {v: k for k, v in corpus.items()}
        self.assertEqual(relevant["q0"], {by_text["a"], by_text["c"]})
        self.assertEqual(relevant["q1"], {by_text["b"]})

    def test_paraphrase_data(self):
        sentences, pairs = paraphrase_data(["x", "y", "x"], ["x2", "y2", "x"])
        self.assertEqual(len(sentences), 4)
        self.assertEqual(len(pairs), 2)  # the self-pair is dropped

    def test_positive_rate(self):
        self.assertAlmostEqual(positive_rate([1, 0, 0, 1]), 0.5)
        self.assertIsNone(positive_rate([]))
