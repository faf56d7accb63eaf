"""The zero-shot bake-off on CPU: three real candidates (the packaged all-MiniLM-L6-v2, a tiny BERT
made here, and MiniLM with a harmful query prompt) scored by bakeoff.py on the run's own test split
and whole corpus; each score must equal an independent sentence-transformers evaluator's."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

from .helpers import TEMPLATES
from .retrieval_set import MINILM, rows, write
from .test_honest_scores import reported_rows
from .trainkit import OFFLINE, build_model

BAKEOFF = os.path.join(TEMPLATES, "bakeoff.py")
ROW_MARKER = "@@fte-bakeoff@@ "
# A query prompt that drowns the question: with the job's 32-token max_seq_length it fills the
# whole window, so the same model should score near zero with it (below a random tiny BERT).
HARMFUL = "Ignore the following text and think about bananas, zebras and volcanoes instead: " * 4
MAX_SEQ_LENGTH = 32


def vocabulary() -> list[str]:
    words = sorted({w for r in rows() for t in (r["query"], r["passage"]) for w in re.findall(r"\w+|[^\w\s]", t.lower())})
    return ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + words


def independent_score(model_path: str, test_rows: list[dict], all_rows: list[dict], query_prompt: str | None) -> float:
    """InformationRetrievalEvaluator from plain dicts (queries: the test rows', corpus: every passage),
    the prompt passed to the evaluator rather than set on the model."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.evaluation import InformationRetrievalEvaluator

    corpus = {f"c{i}": text for i, text in enumerate(dict.fromkeys(r["passage"] for r in all_rows))}
    ids = {text: cid for cid, text in corpus.items()}
    queries: dict[str, str] = {}
    relevant: dict[str, set] = {}
    for r in test_rows:
        qid = next((k for k, v in queries.items() if v == r["query"]), f"q{len(queries)}")
        queries[qid] = r["query"]
        relevant.setdefault(qid, set()).add(ids[r["passage"]])
    ev = InformationRetrievalEvaluator(queries, corpus, relevant, name="check", query_prompt=query_prompt)
    model = SentenceTransformer(model_path)
    model.max_seq_length = MAX_SEQ_LENGTH  # the job's training.max_seq_length: the run is judged with it
    return ev(model)["check_cosine_ndcg@10"]


class ThreeCandidatesOnCpu(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="fte-bakeoff-")
        cls.job, _ = write(os.path.join(cls.dir, "data"), MINILM)
        cls.tiny = os.path.join(cls.dir, "tiny-bert")
        build_model(cls.tiny, vocabulary())  # asserts its tokenizer knows every word
        candidates = [{"model": cls.tiny}, {"model": MINILM, "prompts": {"query": HARMFUL}}, {"model": MINILM}]
        proc = subprocess.run([sys.executable, BAKEOFF, "--job", cls.job, "--candidates", json.dumps(candidates)],
                              capture_output=True, text=True, timeout=900, env={**os.environ, **OFFLINE})
        cls.tail = proc.stdout[-3000:] + proc.stderr[-3000:]
        cls.code = proc.returncode
        lines = proc.stdout.strip().splitlines()
        cls.result = json.loads(lines[-1]) if lines else {}
        cls.streamed = [json.loads(l[len(ROW_MARKER):]) for l in lines if l.startswith(ROW_MARKER)]
        cls.stderr = proc.stderr

    def rows_by_name(self):
        c = self.result["candidates"]
        return {"tiny": c[0], "harmful": c[1], "minilm": c[2]}

    def test_the_result_has_the_documented_shape(self):
        self.assertEqual(self.code, 0, self.tail)
        r = self.result
        self.assertEqual((r["metric"], r["split"], r["corpus_size"]), ("eval_dev_cosine_ndcg@10", "test", 240))
        self.assertEqual(r["n"], len({row["query"] for row in reported_rows(self.job, "test")}))
        for row in r["candidates"]:
            for key in ("model", "score", "ci95", "dims", "params", "texts_per_s", "backend"):
                self.assertIn(key, row)
            self.assertEqual(row["backend"], "local")
            self.assertEqual(row["device"], "cpu")
            self.assertGreater(row["texts_per_s"], 0)
            self.assertEqual(row["index_bytes"], 240 * row["dims"] * 4)
        # One row per candidate, streamed as each finished, in the order given.
        self.assertEqual([s["model"] for s in self.streamed], [c["model"] for c in r["candidates"]])
        self.assertEqual(self.stderr.count("[fte] Candidate "), 3)

    def test_each_score_equals_an_independent_evaluator_on_that_model(self):
        from fte.models import resolve_model

        self.assertEqual(self.code, 0, self.tail)
        test_rows, all_rows = reported_rows(self.job, "test"), rows()
        got = self.rows_by_name()
        minilm = resolve_model(MINILM)
        self.assertAlmostEqual(got["minilm"]["score"], independent_score(minilm, test_rows, all_rows, None), places=6)
        self.assertAlmostEqual(got["harmful"]["score"], independent_score(minilm, test_rows, all_rows, HARMFUL), places=6)
        self.assertAlmostEqual(got["tiny"]["score"], independent_score(self.tiny, test_rows, all_rows, None), places=6)

    def test_the_expected_order_and_intervals(self):
        self.assertEqual(self.code, 0, self.tail)
        got = self.rows_by_name()
        for row in got.values():
            lo, hi = row["ci95"]
            self.assertLessEqual(lo, row["score"])
            self.assertLessEqual(row["score"], hi)
            self.assertLess(lo, hi)
        # The pretrained model beats a random tiny BERT, which beats the pretrained model whose prompt
        # fills the query's whole token window; the gaps are wider than the intervals (no overlap).
        self.assertLess(got["tiny"]["ci95"][1], got["minilm"]["ci95"][0], got)
        self.assertLess(got["harmful"]["ci95"][1], got["tiny"]["ci95"][0], got)
        self.assertLess(got["harmful"]["score"], 0.05, got)
        self.assertEqual(got["harmful"]["prompts"], {"query": HARMFUL})
        self.assertEqual(got["minilm"]["prompts"], {})  # its own config's prompts are empty strings
        self.assertEqual((got["minilm"]["dims"], got["tiny"]["dims"]), (384, 32))
        self.assertGreater(got["minilm"]["params"], 20_000_000)
        self.assertLess(got["tiny"]["params"], 1_000_000)


class PairsTask(unittest.TestCase):
    def test_a_pairs_task_scores_ap_with_an_interval_equal_to_an_independent_evaluator(self):
        """The non-retrieval path: BinaryClassificationEvaluator's AP on the test pairs, per-pair resampling."""
        from sentence_transformers import SentenceTransformer
        from sentence_transformers.sentence_transformer.evaluation import BinaryClassificationEvaluator

        from fte.bakeoff.run import run_bakeoff
        from fte.data import load_raw, prepare
        from fte.jobspec import load_job

        from .trainkit import Workspace

        ws = Workspace()
        job = load_job(ws.job("duplicate-classification", n=300))
        result = run_bakeoff(job, [{"model": ws.model, "prompts": None}], "local", None)
        row = result["candidates"][0]
        test = prepare(job, load_raw(job)).test
        model = SentenceTransformer(ws.model)
        model.max_seq_length = 32
        ap = BinaryClassificationEvaluator(list(test["text1"]), list(test["text2"]), list(test["label"]), name="x")(model)["x_cosine_ap"]
        self.assertEqual((result["metric"], result["n"], result["corpus_size"]), ("eval_dev_cosine_ap", len(test), None))
        self.assertAlmostEqual(row["score"], ap, places=6)
        self.assertLessEqual(row["ci95"][0], row["score"])
        self.assertLessEqual(row["score"], row["ci95"][1])
        self.assertIsNone(row["index_bytes"])  # no corpus, no index


class Prompts(unittest.TestCase):
    def test_given_prompts_replace_the_models_own_and_a_symmetric_prompt_reaches_every_text(self):
        import numpy as np
        from sentence_transformers import SentenceTransformer

        from fte.bakeoff.prompts import candidate_prompts

        from .trainkit import Workspace

        ws = Workspace()
        word = ws.world.vocab[10]
        plain = SentenceTransformer(ws.model)
        model = SentenceTransformer(ws.model)
        self.assertEqual(candidate_prompts(model, {"prompt": f"{word} "}), {"prompt": f"{word} "})
        text = " ".join(ws.world.vocab[20:24])
        np.testing.assert_allclose(model.encode([text]), plain.encode([f"{word} {text}"]), atol=1e-6)
        np.testing.assert_allclose(model.encode_query([text]), plain.encode([f"{word} {text}"]), atol=1e-6)
        self.assertEqual(candidate_prompts(model, {"query": f"{word} "}), {"query": f"{word} "})
        np.testing.assert_allclose(model.encode([text]), plain.encode([text]), atol=1e-6)  # no default any more
        np.testing.assert_allclose(model.encode_query([text]), plain.encode([f"{word} {text}"]), atol=1e-6)


class BadCandidates(unittest.TestCase):
    def test_a_candidate_without_a_model_is_refused_with_the_fix(self):
        from fte.bakeoff.run import parse_candidates
        from fte.errors import ConfigError

        with self.assertRaises(ConfigError) as ctx:
            parse_candidates([{"prompts": {"query": "q: "}}])
        self.assertIn("must name a model", ctx.exception.message)
        with self.assertRaises(ConfigError) as ctx:
            parse_candidates([{"model": "m", "prompts": {"passage": "p: "}}])
        self.assertIn("passage", ctx.exception.message)
        self.assertIn("query / document", ctx.exception.hint)
        self.assertEqual(parse_candidates([{"model": "m", "prompts": {"prompt": "Same meaning? "}}])[0]["prompts"],
                         {"prompt": "Same meaning? "})
        self.assertEqual(parse_candidates(["a", {"model": " b ", "prompts": {"query": "q: "}}]),
                         [{"model": "a", "prompts": None}, {"model": "b", "prompts": {"query": "q: "}}])

    def test_a_model_that_cannot_load_is_its_own_row_not_the_end(self):
        from fte.bakeoff.run import run_bakeoff
        from fte.jobspec import load_job

        folder = tempfile.mkdtemp(prefix="fte-bakeoff-bad-")
        job_path, _ = write(os.path.join(folder, "data"), MINILM)
        missing = os.path.join(folder, "no-such-model")
        os.makedirs(missing)  # a folder with no model in it
        seen = []
        result = run_bakeoff(load_job(job_path), [{"model": missing, "prompts": None}], "local", None, seen.append)
        self.assertEqual(len(seen), 1)
        self.assertIn("error", result["candidates"][0])
        self.assertNotIn("score", result["candidates"][0])


class SharedModelCache(unittest.TestCase):
    def test_the_modal_bake_off_cache_is_the_one_a_modal_training_run_uses(self):
        """src/core/bakeoff/runModalBakeoff.ts passes --cache VOLUME_HF_CACHE; a run at /vol/runs/<id> reads
        its models from resume.cache_dir, so a candidate downloaded by the bake-off is not downloaded again."""
        import pathlib

        from fte.resume import cache_dir

        ts = pathlib.Path(TEMPLATES).parent.joinpath("src", "core", "bakeoff", "runModalBakeoff.ts").read_text()
        self.assertIn("export const VOLUME_HF_CACHE = `${VOLUME_MOUNT}/runs/.hf-cache`;", ts)
        self.assertEqual(cache_dir("/vol/runs/20261206-quickstart-ab12", {}), "/vol/runs/.hf-cache")


class ScoreInterval(unittest.TestCase):
    def test_the_interval_holds_the_mean_and_shrinks_with_more_items(self):
        import numpy as np

        from fte.evaluation.bootstrap import mean_of, score_interval

        rng = np.random.default_rng(1)
        small, large = rng.random(30), rng.random(3000)
        lo_s, hi_s = score_interval(30, mean_of(small), seed=3)
        lo_l, hi_l = score_interval(3000, mean_of(large), seed=3)
        self.assertLess(lo_s, small.mean())
        self.assertLess(small.mean(), hi_s)
        self.assertLess(hi_l - lo_l, (hi_s - lo_s) / 4)
        self.assertIsNone(score_interval(1, mean_of([0.5])))


if __name__ == "__main__":
    unittest.main()
