"""Prompts end to end, trained for real on CPU with a tiny BERT whose own
config_sentence_transformers.json carries query/document prompts: the trainer's collator prepends
them per column, the baseline and every evaluation encode with them, mining uses them, and the
saved model carries them. Also the pure resolution rules."""
from __future__ import annotations

import json
import os
import unittest
from unittest import mock

from fte.jobspec import Column
from fte.prompts.resolve import Prompts, resolve, training_prompts

from .helpers import schema_errors
from .inprocess import event, train_in_process
from .trainkit import World, build_model, read_job, write_job, write_task

QUERY, DOCUMENT = "findq ", "passd "


class Resolution(unittest.TestCase):
    def test_the_config_wins_even_when_it_turns_prompts_off(self):
        p = resolve({"symmetric": False, "query": "", "document": "", "source": "config"}, {"query": "q: "})
        self.assertEqual((p.query, p.document, p.source), ("", "", "config"))

    def test_the_models_own_prompts_win_over_the_catalog(self):
        p = resolve({"symmetric": False, "query": "query: ", "document": "passage: ", "source": "catalog"},
                    {"query": "Instruct: x\nQuery:", "document": ""})
        self.assertEqual((p.query, p.document, p.source), ("Instruct: x\nQuery:", "", "model"))

    def test_the_catalog_fills_in_for_a_model_without_prompts(self):
        p = resolve({"symmetric": False, "query": "query: ", "document": "passage: ", "source": "catalog"}, {})
        self.assertEqual((p.query, p.document, p.source), ("query: ", "passage: ", "catalog"))

    def test_a_symmetric_task_uses_the_models_default_prompt(self):
        p = resolve({"symmetric": True, "query": None, "document": None, "source": "none"},
                    {"query": "q: ", "sts": "similar: "}, "sts")
        self.assertEqual((p.query, p.source), ("similar: ", "model"))
        self.assertEqual(p.for_role("text2"), "similar: ")

    def test_roles_map_to_training_columns_and_mined_negatives_are_documents(self):
        cols = (Column("anchor", "q", "anchor"), Column("positive", "d", "positive"))
        got = training_prompts(cols, Prompts("q: ", "p: ", False, "config"), ["anchor", "positive", "negative_1"])
        self.assertEqual(got, {"anchor": "q: ", "positive": "p: ", "negative_1": "p: "})
        self.assertEqual(training_prompts(cols, Prompts("", "", False, "none"), ["anchor"]), {})


def _model_with_prompts(root: str, world: World) -> str:
    """The tiny BERT saved as a SentenceTransformer whose config names query/document prompts made
    of words its tokenizer knows (so the prefix is real tokens, not [UNK])."""
    from sentence_transformers import SentenceTransformer

    raw = os.path.join(root, "raw-bert")
    build_model(raw, world.vocab + [QUERY.strip(), DOCUMENT.strip()])
    model = SentenceTransformer(raw, device="cpu")
    model.prompts = {"query": QUERY, "document": DOCUMENT}
    folder = os.path.join(root, "prompted-bert")
    model.save_pretrained(folder)
    return folder


class PromptsEndToEnd(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import tempfile

        cls.root = tempfile.mkdtemp(prefix="fte-prompts-")
        cls.world = World()
        cls.model = _model_with_prompts(cls.root, cls.world)
        cls.job_path = job_path = write_task(cls.world, "information-retrieval", os.path.join(cls.root, "data"), cls.model, n=600)
        job = read_job(job_path)
        job["training"].update(epochs=1, eval_steps=1000, hard_negatives={
            "count": 1, "sampling": "top", "range_min": 0, "range_max": None, "absolute_margin": None,
            "relative_margin": None, "max_score": None})
        job["dataset"]["columns"] = job["dataset"]["columns"][:2]  # anchor, positive: mining adds the negative
        job["prompts"] = {"symmetric": False, "query": None, "document": None, "source": "none"}
        write_job(job_path, job)
        from sentence_transformers.base.data_collator import BaseDataCollator
        from sentence_transformers.sentence_transformer.model import SentenceTransformer

        cls.collated: set = set()
        cls.mined_with: list = []
        original = BaseDataCollator._get_prompt_for_column
        encode_query = SentenceTransformer.encode_query

        def spy(self, prompts, column):
            got = original(self, prompts, column)
            cls.collated.add((column, got))
            return got

        def spy_query(self, *args, **kwargs):
            cls.mined_with.append(kwargs.get("prompt"))
            return encode_query(self, *args, **kwargs)

        with mock.patch.object(BaseDataCollator, "_get_prompt_for_column", spy), \
                mock.patch.object(SentenceTransformer, "encode_query", spy_query):
            cls.result, cls.events = train_in_process(job_path, os.path.join(cls.root, "runs", "prompted"))

    def test_the_events_are_valid_and_name_the_models_own_prompts(self):
        for e in self.events:
            self.assertEqual(schema_errors(e), [], e)
        setup = event(self.events, "training_setup")
        self.assertEqual(setup["prompts"], {"query": QUERY, "document": DOCUMENT, "symmetric": False, "source": "model"})
        self.assertEqual(setup["column_prompts"], {"anchor": QUERY, "positive": DOCUMENT, "negative_1": DOCUMENT})

    def test_the_trainers_collator_prepends_the_prompt_per_column(self):
        self.assertIn(("anchor", QUERY), self.collated)
        self.assertIn(("positive", DOCUMENT), self.collated)
        self.assertIn(("negative_1", DOCUMENT), self.collated)

    def test_mining_encoded_the_queries_with_the_query_prompt(self):
        self.assertIn(QUERY, self.mined_with)

    def test_the_saved_model_carries_the_prompts(self):
        with open(os.path.join(self.result["model_path"], "config_sentence_transformers.json"), encoding="utf-8") as fh:
            saved = json.load(fh)
        self.assertEqual(saved["prompts"]["query"], QUERY)
        self.assertEqual(saved["prompts"]["document"], DOCUMENT)

    def test_the_reported_evaluation_is_the_prompted_one(self):
        """The final metric equals the IR evaluator run on the saved model with its prompts, and an
        evaluation without the prompts gives a different number: the run evaluated with them."""
        from sentence_transformers import SentenceTransformer

        from fte.build import build_evaluator
        from fte.data import load_raw, prepare
        from fte.jobspec import load_job

        from fte.evaluation.corpus import corpus_texts, has_corpus, load_extra

        job = load_job(os.path.join(self.root, "data", "information-retrieval.job.json"))
        parts = prepare(job, load_raw(job))
        # The reported final is the test split's, searched against the whole corpus (issue 17).
        corpus = corpus_texts(job, [parts.train, parts.validation, parts.test], load_extra(job)) if has_corpus(job) else None
        done = event(self.events, "completed")
        primary = done["primary_metric"]
        model = SentenceTransformer(self.result["model_path"], device="cpu")
        with_prompts = build_evaluator(job, parts.test, corpus)(model)[primary.removeprefix("eval_")]
        self.assertAlmostEqual(done["final_metrics"][primary], with_prompts, places=5)
        model.prompts = {}
        without = build_evaluator(job, parts.test, corpus)(model)[primary.removeprefix("eval_")]
        self.assertNotAlmostEqual(with_prompts, without, places=4)


    def _query(self) -> str:
        from fte.data import load_raw, prepare
        from fte.jobspec import load_job

        job = load_job(self.job_path)
        return prepare(job, load_raw(job)).test[0]["anchor"]

    def test_try_it_scores_queries_and_documents_with_their_prompts(self):
        import numpy as np
        from sentence_transformers import SentenceTransformer

        from .test_try_export import TRY, tool

        query = self._query()
        code, out, err = tool(TRY, "--job", self.job_path, "--model", self.result["model_path"], "--query", query, "--k", "3")
        self.assertEqual(code, 0, err)
        model = SentenceTransformer(self.result["model_path"], device="cpu")
        top = out["finetuned"]["hits"][0]
        unit = (lambda v: v / np.linalg.norm(v))
        prompted = float(unit(model.encode_query([query])[0]) @ unit(model.encode_document([top["text"]])[0]))
        plain = float(unit(model.encode([query], prompt="")[0]) @ unit(model.encode([top["text"]], prompt="")[0]))
        self.assertAlmostEqual(top["score"], prompted, places=4)
        self.assertNotAlmostEqual(prompted, plain, places=4)

    def test_the_onnx_export_ships_the_prompts_and_its_parity_covers_them(self):
        import numpy as np
        import onnxruntime as ort
        from sentence_transformers import SentenceTransformer
        from transformers import AutoTokenizer

        from .test_try_export import EXPORT, tool

        out_dir = os.path.join(self.root, "onnx")
        code, record, err = tool(EXPORT, "--job", self.job_path, "--model", self.result["model_path"], "--out", out_dir)
        self.assertEqual(code, 0, err)
        self.assertTrue(record["parity"]["ok"], record["parity"])
        self.assertEqual(record["parity"]["prompts_checked"], 3)  # plain, query, document
        self.assertEqual(record["prompts"], {"query": QUERY, "document": DOCUMENT})
        with open(os.path.join(out_dir, "prompts.json"), encoding="utf-8") as fh:
            self.assertEqual(json.load(fh)["prompts"], {"query": QUERY, "document": DOCUMENT})
        # Independently: the ONNX graph fed the prompted text gives encode_query's embedding.
        text = self._query()
        session = ort.InferenceSession(record["onnx_file"], providers=["CPUExecutionProvider"])
        enc = AutoTokenizer.from_pretrained(out_dir)([QUERY + text], return_tensors="np")
        got = session.run(None, {i.name: enc[i.name].astype(np.int64) for i in session.get_inputs()})[0][0]
        ref = SentenceTransformer(self.result["model_path"], device="cpu").encode_query([text])[0]
        self.assertGreater(float(got @ ref / np.linalg.norm(got) / np.linalg.norm(ref)), 0.999)


if __name__ == "__main__":
    unittest.main()
