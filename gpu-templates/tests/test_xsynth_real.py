"""`synthesize.py` on real documents with the real all-MiniLM-L6-v2 (packaged, offline) on CPU:
chunks in the model's tokens, the held-out split by document, frozen test questions, the cache
(a rerun generates nothing, a changed file regenerates only its chunks) and the round-trip filter."""
from __future__ import annotations

import os
import shutil
import unittest

from .synthkit import read_jsonl, run_synthesize, synth_job, temp_root, write_docs

KEYS = {"chunks", "cached", "generated", "kept", "dropped", "out", "test_documents"}


class SynthesizeDocuments(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = temp_root()
        write_docs(cls.root)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.root, ignore_errors=True)

    def test_split_freeze_cache_and_one_changed_file(self):
        job = synth_job(self.root, tokens=16, overlap=4)
        data = os.path.join(self.root, "data")
        rc, res, err = run_synthesize(job, self.root)
        self.assertEqual(rc, 0, err)
        self.assertLessEqual(KEYS, set(res))
        self.assertGreater(res["chunks"], 6, "16-token chunks split every 3-sentence document")
        self.assertEqual((res["cached"], res["generated"]), (0, res["chunks"]))
        self.assertEqual(res["kept"] + res["dropped"], sum(res["dropped_by"].values()) + res["kept"])
        self.assertGreater(res["kept"], 0)
        self.assertEqual(res["test_documents"], 2)  # ceil(6 * 0.2)
        train, test = read_jsonl(res["out"]), read_jsonl(res["test_out"])
        test_sources = {r["source"] for r in test}
        self.assertTrue(test and train)
        self.assertFalse(test_sources & {r["source"] for r in train}, "no chunk of a test document trains")
        from transformers import AutoTokenizer

        from fte.models import resolve_model

        tok = AutoTokenizer.from_pretrained(resolve_model(job["model"]))
        chunks = [r["text"] for r in read_jsonl(res["chunks_out"])]
        self.assertTrue(all(len(tok(c, add_special_tokens=False)["input_ids"]) <= 16 for c in chunks))
        for r in test:
            self.assertIn(r["positive"], chunks, "a test question's positive is its whole chunk")
            self.assertIn(r["anchor"], r["positive"])
        for r in train:
            self.assertNotIn(r["anchor"], r["positive"], "ict: the query is cut out of the training passage")
        with open(res["test_out"], "rb") as fh:
            frozen = fh.read()

        rc, again, err = run_synthesize(job, self.root)
        self.assertEqual(rc, 0, err)
        self.assertEqual((again["cached"], again["generated"], again["encoded"]), (res["chunks"], 0, 0))
        self.assertEqual(again["kept"], len(train))
        self.assertTrue(again["test_frozen"])

        # One training document changes: only its chunks are generated again.
        changed = next(s for s in ("docs/kestrel.md", "docs/juniper.md", "docs/dunlin.md") if s not in test_sources)
        with open(os.path.join(self.root, changed), "a", encoding="utf-8") as fh:
            fh.write("Page the on-call engineer when the error budget for this service is spent.\n")
        rc, third, err = run_synthesize(job, self.root)
        self.assertEqual(rc, 0, err)
        own = {(r["source"], r["chunk"]) for r in read_jsonl(third["out"]) + read_jsonl(os.path.join(data, "synthetic.dropped.jsonl"))
               if r["source"] == changed}
        self.assertGreater(third["generated"], 0)
        self.assertLessEqual(third["generated"], len(own) + 1)  # its new chunks (a tail chunk may shift)
        self.assertEqual(third["cached"] + third["generated"], third["chunks"])
        with open(res["test_out"], "rb") as fh:
            self.assertEqual(fh.read(), frozen, "later synthesis leaves the frozen test questions alone")

        # A test file edited behind the manifest's back is refused with a clear message.
        with open(res["test_out"], "a", encoding="utf-8") as fh:
            fh.write('{"anchor": "easy", "positive": "easy"}\n')
        rc, refused, _ = run_synthesize(job, self.root)
        self.assertEqual(rc, 1)
        self.assertIn("changed since they were frozen", refused["error"])
        with open(res["test_out"], "wb") as fh:
            fh.write(frozen)

    def test_real_questions_make_every_document_train(self):
        root = temp_root()
        try:
            write_docs(root)
            rc, res, err = run_synthesize(synth_job(root, has_eval=True), root)
            self.assertEqual(rc, 0, err)
            self.assertEqual(res["test_documents"], 0)
            self.assertIsNone(res["test_out"])
            self.assertEqual(len({r["source"] for r in read_jsonl(res["out"])}), 6)
        finally:
            shutil.rmtree(root, ignore_errors=True)


class RoundTripFilter(unittest.TestCase):
    def test_a_query_about_another_chunk_is_dropped(self):
        from sentence_transformers import SentenceTransformer

        from fte.models import resolve_model
        from fte.synthesize.pipeline import Candidate, judge
        from fte.synthesize.chunking import Chunk
        from .synthkit import MINILM, TOPICS

        model = SentenceTransformer(resolve_model(MINILM))
        corpus = [" ".join(s) for s in TOPICS.values()]
        chunk_vecs = model.encode(corpus, normalize_embeddings=True)
        queries = ["how do I clear the loyalty points backlog", "why are shipping labels slow",
                   "how do I clear the loyalty points backlog?", "asdf qwerty zxcv"]
        own = [2, 2, 2, 0]  # the second asks about Juniper (chunk 1) but claims Dunlin's chunk
        cands = [Candidate(q, "", Chunk("d", 0, 0, 0, corpus[i]), i, False) for q, i in zip(queries, own)]
        query_vecs = model.encode(queries, normalize_embeddings=True)
        job = synth_job(temp_root(), top_k=1)
        from fte.jobspec import parse_job
        from fte.synthesize.spec import read_spec

        spec = read_spec(parse_job(job).dataset)
        verdicts = [v["verdict"] for v in judge(cands, chunk_vecs, query_vecs, spec)]
        self.assertEqual(verdicts[:3], ["kept", "round_trip", "duplicate"])
        self.assertEqual(verdicts[3], "round_trip", "nonsense does not find its chunk")


if __name__ == "__main__":
    unittest.main()
