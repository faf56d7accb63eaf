"""Synthesized pairs are ordinary data afterwards: finetune.py trains on the synthesize step's
output with the real all-MiniLM-L6-v2 on CPU, scores the frozen synthetic test questions against
every chunk (not the training passages), and reports the test split with its interval."""
from __future__ import annotations

import shutil
import unittest

from .synthkit import read_jsonl, run_synthesize, synth_job, temp_root, write_docs
from .trainkit import run_finetune, write_job


class TrainOnSynthesized(unittest.TestCase):
    def test_validation_positives_are_whole_chunks_training_ones_cut(self):
        from fte.data import load_raw, prepare
        from fte.jobspec import parse_job

        root = temp_root()
        try:
            write_docs(root)
            job = synth_job(root, tokens=24, overlap=4, test_size=0.34)
            job["dataset"]["validation_size"] = 0.3
            rc, res, err = run_synthesize(job, root)
            self.assertEqual(rc, 0, err)
            chunks = {r["text"] for r in read_jsonl(res["chunks_out"])}
            spec = parse_job(job)
            parts = prepare(spec, load_raw(spec))
            self.assertGreater(len(parts.validation), 0)
            self.assertTrue(all(p in chunks for p in parts.validation["positive"]))
            self.assertFalse(any(p in chunks for p in parts.train["positive"]), "ict training passages have the query cut out")
            self.assertTrue(all(p in chunks for p in parts.test["positive"]))
        finally:
            shutil.rmtree(root, ignore_errors=True)

    def test_synthesize_then_train(self):
        root = temp_root()
        try:
            write_docs(root)
            job = synth_job(root, tokens=24, overlap=4, test_size=0.34)
            rc, res, err = run_synthesize(job, root)
            self.assertEqual(rc, 0, err)
            chunks = read_jsonl(res["chunks_out"])
            rc, events, tail = run_finetune(write_job(f"{root}/train.job.json", job), f"{root}/run", timeout=900)
            self.assertEqual(rc, 0, tail)
            done = next(e for e in events if e["type"] == "completed")
            self.assertEqual(done["split"], "test")
            self.assertEqual(done["n"], len({r["anchor"] for r in read_jsonl(res["test_out"])}))
            self.assertEqual(done["corpus_size"], len(chunks), "the corpus is every chunk, not the cut training passages")
            self.assertIsNotNone(done["baseline_metrics"].get(done["primary_metric"]))
            dataset = next(e for e in events if e["type"] == "dataset")
            self.assertEqual(dataset["test_rows"], res["test_rows"])
        finally:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
