"""The held-out corpus and pick list "Try it" searches, and the ranking helpers (no ML libraries)."""
import unittest

from fte.heldout import build_heldout, parity_texts
from fte.tryit import hits, rank_rows, ranks_without_query


class HeldOutCorpus(unittest.TestCase):
    def test_retrieval_rows_search_positives_and_negatives_and_know_each_querys_positives(self):
        held = build_heldout("information-retrieval", {
            "anchor": ["q1", "q2", "q1"], "positive": ["d1", "d2", "d3"], "negative": ["n1", "d1", "n3"]})
        self.assertEqual(held.corpus, ["d1", "n1", "d2", "d3", "n3"])  # a negative that is another's positive counts once
        self.assertEqual(held.total, 5)
        self.assertEqual(held.relevant, {"q1": {0, 3}, "q2": {2}})
        self.assertEqual([e["query"] for e in held.examples], ["q1", "q2"])  # one pick per distinct query
        self.assertIsNone(held.examples[0]["text2"])

    def test_retrieval_searches_the_whole_corpus_after_the_test_documents_within_the_cap(self):
        held = build_heldout("information-retrieval", {"anchor": ["q1"], "positive": ["d1"]}, max_corpus=3,
                             documents=["t1", "d1", "t2", "t3", "t4"])
        self.assertEqual(held.corpus, ["d1", "t1", "t2"])  # the relevant document first, then the rest up to the cap
        self.assertEqual(held.total, 5)  # what the "first 3 of 5" note counts
        self.assertEqual(held.relevant, {"q1": {0}})

    def test_labelled_pairs_search_every_text_and_only_duplicates_are_relevant_both_ways(self):
        held = build_heldout("duplicate-classification", {
            "text1": ["a", "b", "c"], "text2": ["a2", "b2", "a"], "label": [1, 0, 1]})
        self.assertEqual(held.corpus, ["a", "a2", "b", "b2", "c"])
        self.assertEqual(held.relevant, {"a": {1, 4}, "a2": {0}, "c": {0}})  # c–a is a duplicate too
        self.assertEqual(held.relevant.get("b"), None)
        self.assertEqual(held.examples[1], {"query": "b", "text2": "b2", "label": 0})
        self.assertEqual(held.gold[("c", "a")], 1.0)

    def test_scored_pairs_carry_the_gold_score_and_mark_nothing_relevant(self):
        held = build_heldout("semantic-similarity", {"text1": ["a"], "text2": ["b"], "score": [0.8]})
        self.assertEqual(held.relevant, {})
        self.assertEqual(held.examples, [{"query": "a", "text2": "b", "score": 0.8}])

    def test_the_corpus_cap_keeps_the_first_texts_and_counts_all(self):
        held = build_heldout("paraphrase-mining", {"anchor": [f"a{i}" for i in range(10)],
                                                   "positive": [f"p{i}" for i in range(10)]}, max_corpus=4)
        self.assertEqual(held.corpus, ["a0", "p0", "a1", "p1"])
        self.assertEqual(held.total, 20)
        self.assertEqual(held.relevant["a1"], {3})
        self.assertNotIn("a5", held.relevant)  # its positive is not in the searched corpus

    def test_parity_texts_are_distinct_queries_then_corpus_texts(self):
        held = build_heldout("information-retrieval", {"anchor": ["q", "q"], "positive": ["d", "e"]})
        self.assertEqual(parity_texts(held), ["q", "d", "e"])
        self.assertEqual(parity_texts(held, 2), ["q", "d"])


class Ranking(unittest.TestCase):
    def test_hits_skip_the_query_itself_and_say_where_the_other_model_ranked_each(self):
        held = build_heldout("duplicate-classification", {"text1": ["a", "b"], "text2": ["a2", "b2"], "label": [1, 0]})
        # corpus: a, a2, b, b2
        base = rank_rows([0.9, 0.1, 0.5, 0.4])
        tuned = rank_rows([0.99, 0.8, 0.2, 0.3])
        self.assertEqual(tuned, [0, 1, 3, 2])
        base_ranks = ranks_without_query(base, held, "a")
        self.assertEqual(base_ranks, {2: 1, 3: 2, 1: 3})
        top = hits(tuned, base_ranks, [0.99, 0.8, 0.2, 0.3], held, "a", 2, threshold=0.5)
        self.assertEqual([h["text"] for h in top], ["a2", "b2"])
        self.assertEqual(top[0], {"rank": 1, "text": "a2", "score": 0.8, "other_rank": 3, "relevant": True, "match": True})
        self.assertEqual((top[1]["relevant"], top[1]["match"]), (False, False))

    def test_ties_keep_corpus_order(self):
        self.assertEqual(rank_rows([0.5, 0.7, 0.5]), [1, 0, 2])
