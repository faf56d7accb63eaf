"""dataset.synthesize's pure parts: chunk windows, the ict generator, duplicates, the round-trip
rank, the by-document split and its freeze, document reading."""
from __future__ import annotations

import os
import tempfile
import unittest

import numpy as np

from fte.errors import DatasetError
from fte.synthesize.chunking import windows
from fte.synthesize.documents import html_text, read_documents
from fte.synthesize.heldout import draw_test_documents, file_hash, frozen_test
from fte.synthesize.ict import ict_pairs
from fte.synthesize.progress import Progress
from fte.synthesize.quality import exact_duplicates, near_duplicates, own_ranks

TEXT = ("Kestrel is the payment gateway of the shop. When Kestrel returns card declines, rotate its certificate. "
        "The Kestrel dashboard shows latency per issuing bank.")


class ChunkWindows(unittest.TestCase):
    def test_windows_cover_every_token_with_the_overlap(self):
        w = windows(100, 30, 10)
        self.assertEqual(w[0], (0, 30))
        self.assertEqual(w[-1][1], 100)
        for (a, b), (c, _) in zip(w, w[1:]):
            self.assertEqual(b - c, 10)
            self.assertLessEqual(b - a, 30)

    def test_short_and_empty_documents(self):
        self.assertEqual(windows(5, 30, 10), [(0, 5)])
        self.assertEqual(windows(0, 30, 10), [])


class InverseCloze(unittest.TestCase):
    def test_a_sentence_is_the_query_and_the_rest_the_passage(self):
        pairs = ict_pairs(TEXT, 2)
        self.assertEqual(len(pairs), 2)
        for q, p in pairs:
            self.assertIn(q, TEXT)
            self.assertNotIn(q, p)
            self.assertEqual(sorted((q + " " + p).split()), sorted(TEXT.split()))
        self.assertNotEqual(pairs[0][0], pairs[1][0])
        self.assertEqual(pairs, ict_pairs(TEXT, 2), "seeded by the chunk: the same pairs every time")

    def test_a_one_sentence_chunk_gives_spans(self):
        one = "When Dunlin falls behind pause the upstream producers and run the drain command"
        pairs = ict_pairs(one, 2)
        self.assertEqual(len(pairs), 2)
        for q, p in pairs:
            self.assertIn(q, one)
            self.assertGreaterEqual(len(q.split()), 3)
            self.assertEqual(len(q.split()) + len(p.split()), len(one.split()))

    def test_too_short_to_split(self):
        self.assertEqual(ict_pairs("Kestrel pays.", 2), [])


class Quality(unittest.TestCase):
    def test_exact_duplicates_ignore_case_space_and_punctuation(self):
        self.assertEqual(exact_duplicates(["Rotate the cert.", "rotate  the cert", "Drain the queue"]), [False, True, False])

    def test_own_rank_counts_the_chunks_scoring_higher(self):
        chunks = np.eye(3, dtype=np.float32)
        q = np.array([[1, 0, 0], [0.9, 0.1, 0], [0.2, 0.1, 0.97]], dtype=np.float32)
        self.assertEqual(own_ranks(q, chunks, np.array([0, 1, 2])).tolist(), [0, 1, 0])

    def test_near_duplicates_keep_the_first(self):
        a = np.array([1, 0], dtype=np.float32)
        b = np.array([0.999, 0.0447], dtype=np.float32)
        c = np.array([0, 1], dtype=np.float32)
        q = np.stack([a, b, c, a])
        self.assertEqual(near_duplicates(q, 0.95, [True, True, True, False]), [False, True, False, False])


class HeldOut(unittest.TestCase):
    def test_at_least_one_test_document_never_all(self):
        self.assertEqual(len(draw_test_documents(["a", "b"], 0.5, 1)), 1)
        self.assertEqual(len(draw_test_documents(list("abcdefghij"), 0.2, 1)), 2)
        self.assertEqual(draw_test_documents(list("abcdefghij"), 0.2, 1), draw_test_documents(list("jihgfedcba"), 0.2, 1))
        with self.assertRaises(DatasetError):
            draw_test_documents(["a"], 0.2, 1)

    def test_a_changed_test_file_is_refused(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "t.jsonl")
            with open(path, "w") as fh:
                fh.write('{"anchor": "q"}\n')
            manifest = {"test_documents": ["a"], "test_hash": file_hash(path)}
            self.assertEqual(frozen_test(manifest, path), ["a"])
            with open(path, "a") as fh:
                fh.write('{"anchor": "mine"}\n')
            with self.assertRaises(DatasetError) as err:
                frozen_test(manifest, path)
            self.assertIn("changed since they were frozen", err.exception.message)
            self.assertIsNone(frozen_test(None, path))


class Documents(unittest.TestCase):
    def test_html_keeps_visible_text_only(self):
        text = html_text("<html><head><title>T</title><style>p{}</style></head><body><p>Hello <b>there</b></p>"
                         "<script>evil()</script><p>Second</p></body></html>")
        self.assertEqual(text, "Hello there\nSecond")

    def test_jsonl_needs_its_column_and_repeats_are_read_once(self):
        with tempfile.TemporaryDirectory() as d:
            with open(os.path.join(d, "r.jsonl"), "w") as fh:
                fh.write('{"runbook": "A"}\n{"runbook": "B"}\n{"runbook": "A"}\n')
            docs = read_documents(d, ("*.jsonl",), "runbook")
            self.assertEqual([(x.source, x.text) for x in docs], [("r.jsonl#1", "A"), ("r.jsonl#2", "B")])
            with self.assertRaises(DatasetError) as err:
                read_documents(d, ("*.jsonl",), "text")
            self.assertIn("dataset.synthesize.column", err.exception.hint)

    def test_no_match_names_the_key(self):
        with tempfile.TemporaryDirectory() as d, self.assertRaises(DatasetError) as err:
            read_documents(d, ("docs/**/*.md",), "text")
        self.assertIn("dataset.synthesize.documents", err.exception.message)


class Progressing(unittest.TestCase):
    def test_rate_and_eta(self):
        t = [0.0]
        p = Progress(clock=lambda: t[0])
        p.start("generating queries", 100)
        t[0] = 2.0
        p.done = 50
        self.assertEqual(p.line(2.0), "generating queries: 50/100 (25.0/s, ETA 2 s)")


if __name__ == "__main__":
    unittest.main()


class LlmAnswers(unittest.TestCase):
    def test_json_queries_or_else_the_lines(self):
        from fte.synthesize.llm import parse_queries

        self.assertEqual(parse_queries('Sure! {"queries": ["rotate kestrel cert", "Why does Kestrel decline cards?"]}', 2),
                         ["rotate kestrel cert", "Why does Kestrel decline cards?"])
        self.assertEqual(parse_queries('["a b c", "a b c", "d e"]', 5), ["a b c", "d e"])
        self.assertEqual(parse_queries("1. first query\n- second one\n\n", 2), ["first query", "second one"])
        self.assertEqual(parse_queries("", 2), [])

    def test_backoff_grows_and_honours_retry_after(self):
        from fte.synthesize.llm import backoff

        self.assertEqual(backoff(3, "2"), 2.0)
        self.assertLessEqual(backoff(0), 0.5)
        self.assertGreaterEqual(backoff(4), 4.0)
        self.assertLessEqual(backoff(20), 30.0)

    def test_the_prompt_asks_for_keywords_and_questions_in_json(self):
        from fte.synthesize.llm import prompt

        user = prompt("Kestrel is the gateway.", 4)[1]["content"]
        self.assertIn("2 short keyword queries", user)
        self.assertIn("2 full questions", user)
        self.assertIn('{"queries"', user)

    def test_the_cache_key_never_holds_the_key(self):
        from fte.synthesize.generate import generator_key

        a = generator_key({"type": "openai", "endpoint": "u", "model": "m", "concurrency": 2, "api_key_env": "X"}, 2)
        b = generator_key({"type": "openai", "endpoint": "u", "model": "m", "concurrency": 8}, 2)
        self.assertEqual(a, b)
        self.assertNotEqual(a, generator_key({"type": "openai", "endpoint": "u", "model": "other"}, 2))

    def test_a_modal_servers_address_and_gpu_are_not_part_of_the_cache_key(self):
        from fte.synthesize.generate import generator_key

        gen = {"type": "modal", "model": "Qwen/Qwen2.5-1.5B-Instruct", "temperature": 0.7, "max_minutes": 60}
        a = generator_key({**gen, "endpoint": "https://a.modal.host/v1", "gpu": "L4"}, 2)
        self.assertEqual(a, generator_key({**gen, "endpoint": "https://b.modal.host/v1", "gpu": "A10G"}, 2),
                         "a new tunnel every run must not regenerate every chunk")
        self.assertNotEqual(a, generator_key({**gen, "model": "other", "endpoint": None}, 2))
        self.assertNotEqual(a, generator_key({**gen, "temperature": 0.2}, 2))
        priced = {"type": "openai", "endpoint": "u", "model": "m"}
        self.assertEqual(generator_key(priced, 2), generator_key({**priced, "price": {"input_per_million": 1}}, 2))


class Planning(unittest.TestCase):
    def test_the_plan_counts_calls_and_tokens_of_uncached_chunks_only(self):
        from fte.synthesize.cache import Cache, key
        from fte.synthesize.chunking import Chunk
        from fte.synthesize.generate import generator_key, plan

        chunks = [Chunk("a.md", i, 0, 1, f"chunk number {i} " * 10) for i in range(5)]
        gen = {"type": "modal", "model": "m", "temperature": 0.7}
        with tempfile.TemporaryDirectory() as d:
            cache = Cache(d)
            cache.put_generated({key("gen", generator_key(gen, 2), chunks[0].text): [["q", "p"]]})
            p = plan(chunks, gen, 2, cache)
            cache.close()
        self.assertEqual((p["chunks"], p["cached"], p["to_generate"], p["calls"]), (5, 1, 4, 4))
        self.assertEqual(p["prompt_tokens"], sum(len(c.text) // 4 + 120 for c in chunks[1:]))
        self.assertGreater(p["max_completion_tokens"], 0)
        with tempfile.TemporaryDirectory() as d:
            cache = Cache(d)
            self.assertEqual(plan(chunks, {"type": "ict"}, 2, cache)["calls"], 0, "ict calls no LLM")
            cache.close()
