"""Mining guards with a real model (all-MiniLM-L6-v2, offline): a retrieval set where each
answer has an unlabelled paraphrase in the corpus. Unguarded mining picks the paraphrase as the
"negative" (a false negative) and the run warns from the score gap; the default 5% margin keeps
those out. Plus the pure rules: the automatic rank floor and the bounded similarity chunk."""
from __future__ import annotations

import io
import json
import os
import tempfile
import unittest

from fte import stepmeter
from fte.mining.guards import estimate_seconds, memory_note, query_chunk, rank_floor, suspects

from .retrieval_set import MINILM, SUBJECTS, VERBS
from .trainkit import OFFLINE


class Rules(unittest.TestCase):
    def test_the_automatic_floor_is_a_tenth_of_a_percent_of_the_corpus_at_most_ten(self):
        self.assertEqual(rank_floor(None, 575), 0)
        self.assertEqual(rank_floor(None, 5_000), 5)
        self.assertEqual(rank_floor(None, 2_000_000), 10)
        self.assertEqual(rank_floor(3, 2_000_000), 3, "a configured floor wins")

    def test_the_score_chunk_stays_under_a_gigabyte_on_a_large_corpus(self):
        self.assertEqual(query_chunk(1_000), 16384)
        self.assertEqual(query_chunk(1_000_000), 268)
        self.assertLessEqual(query_chunk(1_000_000) * 1_000_000 * 4, 1 << 30)

    def test_the_estimate_adds_encode_and_the_exact_search_which_grows_with_queries_times_corpus(self):
        self.assertAlmostEqual(estimate_seconds(1_000, 1_000, encode_rate=1_000, score_rate=1e6), 2 + 1)
        small = estimate_seconds(20_000, 20_000, 5_000, 1e9)
        large = estimate_seconds(200_000, 200_000, 5_000, 1e9)
        self.assertAlmostEqual(large - 10 * small, 200_000 ** 2 / 1e9 - 10 * 20_000 ** 2 / 1e9)
        self.assertGreater(estimate_seconds(10, 10, 0, 0), 1e6, "a zero rate is a long time, not a crash")

    def test_the_memory_note_states_the_embeddings_and_the_bounded_chunk(self):
        note = memory_note(1_000_000, 1_000_000, 384)
        self.assertIn("2,000,000 embeddings x 384 float32 (2,930 MB", note)
        self.assertIn("268 queries x 1,000,000 passages at a time (1,022 MB, at most 1,024 MB)", note)
        self.assertIn("scores 10 queries x 500 passages", memory_note(10, 500, 32), "never more queries than there are")

    def test_a_step_with_a_long_estimate_says_so_before_it_starts_and_a_short_one_does_not(self):
        lines = []
        real, stepmeter.say = stepmeter.say, lines.append
        try:
            with stepmeter.step("mining", 1_000, estimate=stepmeter.SLOW_SECONDS + 5, basis="encode ~9 texts/s"):
                self.assertEqual(len(lines), 1)
            with stepmeter.step("mining", 10_000_000, estimate=1.0):
                self.assertEqual(len(lines), 2, "the estimate, not the row count, decides")
        finally:
            stepmeter.say = real
        self.assertEqual(lines[0], "mining: 1,000 rows, this takes a while (about 35 s, encode ~9 texts/s)")
        self.assertTrue(lines[1].startswith("mining: 1,000 rows in "))

    def test_a_negative_within_a_hundredth_of_its_positive_is_suspect(self):
        self.assertEqual(suspects([(0.80, [0.795]), (0.80, [0.85]), (0.80, [0.60]), (0.8, [])]), 2)


def rows() -> list[dict]:
    """Each (subject, action) twice with two wordings of the answer: the other wording is in the
    corpus but not labelled as this query's positive."""
    out = []
    for subject in SUBJECTS[:20]:
        for made, real in VERBS:
            out.append({"query": f"how do I {made} my {subject}?",
                        "passage": f"To {real} your {subject}, open the account page and choose {real}."})
            out.append({"query": f"what is the way to {made} a {subject}?",
                        "passage": f"To {real} your {subject}, go to the account page and pick {real}."})
    return out


class FalseNegatives(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ.update(OFFLINE)
        from fte.build import load_model
        from fte.data import load_raw, prepare
        from fte.events import Emitter
        from fte.jobspec import parse_job
        from fte.runctx import RunContext

        from .retrieval_set import job as retrieval_job

        root = tempfile.mkdtemp(prefix="fte-guards-")
        data = os.path.join(root, "pairs.jsonl")
        with open(data, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r) + "\n" for r in rows())
        cls.results = {}
        for name, hn in (("unguarded", {"relative_margin": None}), ("default", {"relative_margin": 0.05})):
            raw = retrieval_job(MINILM, data, {"count": 1, "sampling": "top", "range_min": None, "range_max": None,
                                               "absolute_margin": None, "max_score": None, **hn})
            job = parse_job(raw)
            train_ds = prepare(job, load_raw(job)).train
            ctx = RunContext(Emitter(name, os.path.join(root, name), stream=io.StringIO()))
            from fte.hard_negatives import mine

            _, stats = mine(job, load_model(job.model, job, os.path.join(root, ".hf")), train_ds, ctx)
            cls.results[name] = (stats, ctx.warned)

    def test_unguarded_mining_picks_the_paraphrases_and_the_run_warns(self):
        stats, warned = self.results["unguarded"]
        self.assertIn("hard_negatives_false_negatives", warned)
        self.assertGreater(stats["negative_score"], 0.9 * stats["positive_score"])

    def test_the_default_margin_keeps_them_out_and_nothing_is_suspect(self):
        stats, warned = self.results["default"]
        self.assertNotIn("hard_negatives_false_negatives", warned)
        unguarded = self.results["unguarded"][0]
        self.assertLess(stats["negative_score"], unguarded["negative_score"] - 0.05)


if __name__ == "__main__":
    unittest.main()
