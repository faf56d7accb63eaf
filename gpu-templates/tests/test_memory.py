"""Memory, trained for real on CPU: a long-context base (2048 tokens) trains at the data's
99th-percentile length instead of its full context, gradient checkpointing is really switched on
when asked and still learns, and out-of-memory advice keeps in-batch negatives."""
from __future__ import annotations

import os
import tempfile
import unittest

from fte.memory.advice import oom_hint
from fte.memory.seqlen import default_cap

from .inprocess import event, train_in_process
from .modelkit import build_long_context_model
from .trainkit import MIN_GAIN, World, read_job, write_job, write_task


class Pure(unittest.TestCase):
    def test_the_cap_is_the_smallest_of_the_model_512_and_the_data(self):
        self.assertEqual(default_cap(8192, [10] * 90 + [70] * 10), 96)  # p99 70 -> next multiple of 32
        self.assertEqual(default_cap(8192, [900] * 100), 512)
        self.assertEqual(default_cap(8192, []), 512)
        self.assertIsNone(default_cap(512, [900] * 100), "a model within 512 keeps its own limit")

    def test_oom_advice_for_in_batch_negatives_puts_the_cached_loss_first_and_warns_off_accumulation(self):
        hint = oom_hint("MultipleNegativesRankingLoss", "mnrl", 512)
        self.assertLess(hint.index("CachedMultipleNegativesRankingLoss"), hint.index("gradient_checkpointing"))
        self.assertIn("Avoid a smaller batch_size or gradient_accumulation_steps", hint)
        self.assertIn("mini_batch_size", oom_hint("CachedMultipleNegativesRankingLoss", "mnrl", None))
        self.assertNotIn("gradient_checkpointing: true", oom_hint("CachedMultipleNegativesRankingLoss", "mnrl", None))
        self.assertIn("gradient_accumulation_steps (the same effective batch", oom_hint("CoSENTLoss", "cosent", 128))


class LongContextWithCheckpointing(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="fte-memory-")
        world = World()
        model = build_long_context_model(os.path.join(cls.root, "long-bert"), world.vocab)
        job_path = write_task(world, "information-retrieval", os.path.join(cls.root, "data"), model, n=1200)
        job = read_job(job_path)
        job["training"].update(max_seq_length=None, gradient_checkpointing=True, epochs=2)
        write_job(job_path, job)
        from transformers import PreTrainedModel

        cls.checkpointing: list = []
        original = PreTrainedModel.gradient_checkpointing_enable

        def spy(self, *args, **kwargs):
            cls.checkpointing.append(type(self).__name__)
            return original(self, *args, **kwargs)

        from unittest import mock

        with mock.patch.object(PreTrainedModel, "gradient_checkpointing_enable", spy):
            cls.result, cls.events = train_in_process(job_path, os.path.join(cls.root, "runs", "long"))

    def test_the_long_context_default_is_capped_at_the_datas_length_and_said_so(self):
        setup = event(self.events, "training_setup")
        self.assertEqual(setup["max_seq_length"], 32)  # texts here are 3-10 tokens: p99 rounds up to 32
        warning = next(e for e in self.events if e["type"] == "warning" and e["code"] == "max_seq_length_capped")
        self.assertIn("accepts 2048 tokens", warning["message"])
        self.assertIn("training.max_seq_length", warning["hint"])
        from sentence_transformers import SentenceTransformer

        self.assertEqual(SentenceTransformer(self.result["model_path"], device="cpu").max_seq_length, 32)

    def test_gradient_checkpointing_was_enabled_on_the_transformer_and_the_model_learns(self):
        self.assertIn("BertModel", self.checkpointing)
        done = event(self.events, "completed")
        base = done["baseline_metrics"][done["primary_metric"]]
        self.assertGreaterEqual(done["primary_value"] - base, MIN_GAIN)


if __name__ == "__main__":
    unittest.main()
