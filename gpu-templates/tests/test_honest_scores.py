"""The reported numbers are the truth: the baseline and the final score of a real CPU run equal
an independent sentence-transformers evaluator run (built here from the rows, not by fte) on the
base model and on the saved model, against the whole corpus (every document of every split);
and a model with dot-product similarity trains and reports under its own metric names."""
import os
import tempfile
import unittest

from .retrieval_set import MINILM, rows, write
from .trainkit import Workspace, read_job, run_finetune, write_job

HERE = tempfile.mkdtemp(prefix="fte-honest-")


def independent_ir(eval_rows: list[dict], all_rows: list[dict]):
    """InformationRetrievalEvaluator from plain dicts: queries = the evaluated rows' queries, corpus
    = every passage of the data set, relevant = each query's passages."""
    from sentence_transformers.sentence_transformer.evaluation import InformationRetrievalEvaluator

    corpus = {f"c{i}": text for i, text in enumerate(dict.fromkeys(r["passage"] for r in all_rows))}
    ids = {text: cid for cid, text in corpus.items()}
    queries, relevant = {}, {}
    for r in eval_rows:
        qid = f"q{len(queries)}" if r["query"] not in queries.values() else next(k for k, v in queries.items() if v == r["query"])
        queries[qid] = r["query"]
        relevant.setdefault(qid, set()).add(ids[r["passage"]])
    return InformationRetrievalEvaluator(queries, corpus, relevant, name="check"), len(corpus)


def completed(test, events, tail) -> dict:
    done = [e for e in events if e["type"] == "completed"]
    test.assertEqual(len(done), 1, tail)
    return done[0]


def reported_rows(job_path: str, which: str) -> list[dict]:
    """The rows fte evaluated for the report, as the user's dicts (the split, not the evaluator, is fte's)."""
    from fte.data import load_raw, prepare
    from fte.jobspec import load_job

    job = load_job(job_path)
    parts = prepare(job, load_raw(job))
    ds = parts[2] if which == "test" and len(parts) == 4 else parts[1]
    return [{"query": a, "passage": p} for a, p in zip(ds["anchor"], ds["positive"])]


class ReportedEqualsIndependent(unittest.TestCase):
    def test_baseline_and_final_equal_an_independent_evaluator_on_the_whole_corpus(self):
        from sentence_transformers import SentenceTransformer

        from fte.models import resolve_model

        plain, _ = write(os.path.join(HERE, "minilm"), MINILM)
        code, events, tail = run_finetune(plain, os.path.join(HERE, "runs", "minilm"))
        self.assertEqual(code, 0, tail)
        done = completed(self, events, tail)
        base_event = next(e for e in events if e["type"] == "baseline")
        all_rows = rows()
        evaluator, corpus_size = independent_ir(reported_rows(plain, "test"), all_rows)
        self.assertEqual(corpus_size, 240)  # every passage, not only the held-out ones
        self.assertEqual(base_event["corpus_size"], corpus_size)
        key = done["primary_metric"]
        self.assertEqual(key, "eval_dev_cosine_ndcg@10")
        base = evaluator(SentenceTransformer(resolve_model(MINILM)))["check_cosine_ndcg@10"]
        final = evaluator(SentenceTransformer(done["model_path"]))["check_cosine_ndcg@10"]
        self.assertAlmostEqual(done["baseline_metrics"][key], base, places=5)
        self.assertAlmostEqual(done["primary_value"], final, places=5)
        # The report: the test split, its queries, the whole corpus, an interval around the gain.
        self.assertEqual(base_event["split"], "validation")
        self.assertEqual((done["split"], done["corpus_size"]), ("test", 240))
        self.assertEqual(done["n"], len(evaluator.queries))
        lo, hi = done["delta_ci95"]
        delta = done["primary_value"] - done["baseline_metrics"][key]
        self.assertLessEqual(lo, delta)
        self.assertLessEqual(delta, hi)
        self.assertEqual(done["verdict"], "better" if lo > 0 else "worse" if hi < 0 else "no clear change")
        info = next(e for e in events if e["type"] == "dataset")
        self.assertEqual(info["train_rows"] + info["validation_rows"] + info["test_rows"], 240)
        self.assertEqual(info["test_source"], "test_size")


class PerItemScoresMatchTheEvaluator(unittest.TestCase):
    def test_the_mean_of_per_query_scores_is_the_evaluators_number(self):
        from sentence_transformers import SentenceTransformer

        from fte.build import st_module
        from fte.evaluation.items import ir_values

        model = SentenceTransformer(__import__("fte.models", fromlist=["x"]).resolve_model(MINILM))
        data = rows()
        queries = {f"q{i}": r["query"] for i, r in enumerate(data[:60])}
        corpus = {f"c{i}": r["passage"] for i, r in enumerate(data)}
        relevant = {f"q{i}": {f"c{i}"} for i in range(60)}
        ev = st_module("evaluation").InformationRetrievalEvaluator(queries, corpus, relevant, name="t",
                                                                   write_predictions=True)
        for short in ("cosine_ndcg@10", "cosine_mrr@10", "cosine_map@100", "cosine_recall@5", "cosine_accuracy@1"):
            metrics, values = ir_values(ev, model, tempfile.mkdtemp(), short)
            self.assertEqual(len(values), 60)
            self.assertAlmostEqual(sum(values) / len(values), metrics[f"t_{short}"], places=10, msg=short)

    def test_the_pair_statistic_on_every_pair_is_the_evaluators_number(self):
        import numpy as np
        from sentence_transformers import SentenceTransformer

        from fte.build import st_module
        from fte.evaluation.items import pair_statistic

        model = SentenceTransformer(__import__("fte.models", fromlist=["x"]).resolve_model(MINILM))
        data = rows()[:40]
        s1 = [r["query"] for r in data]
        s2 = [r["passage"] if i % 2 else data[(i + 7) % 40]["passage"] for i, r in enumerate(data)]
        labels = [i % 2 for i in range(40)]
        ev = st_module("evaluation")
        binary = ev.BinaryClassificationEvaluator(s1, s2, labels, name="b")
        ap = binary(model)["b_cosine_ap"]
        self.assertAlmostEqual(pair_statistic(binary, model, "cosine_ap")(np.arange(40)), ap, places=5)
        gold = [float(i % 5) / 4 for i in range(40)]
        sts = ev.EmbeddingSimilarityEvaluator(s1, s2, gold, name="s")
        rho = sts(model)["s_spearman_cosine"]
        self.assertAlmostEqual(pair_statistic(sts, model, "spearman_cosine")(np.arange(40)), rho, places=5)


class DotSimilarityModel(unittest.TestCase):
    def test_a_dot_product_model_trains_and_reports_its_own_keys(self):
        from sentence_transformers import SentenceTransformer

        ws = Workspace()
        dot = os.path.join(ws.dir, "tiny-dot")
        model = SentenceTransformer(ws.model)
        model.similarity_fn_name = "dot"
        model.save(dot)
        path = ws.job("information-retrieval", "dot", n=600)
        job = read_job(path)
        job["model"] = dot
        write_job(path, job)  # the job still predicts eval_dev_cosine_ndcg@10, as the config's catalog does
        code, events, tail = run_finetune(path, ws.run_dir("dot"))
        self.assertEqual(code, 0, tail)
        base = next(e for e in events if e["type"] == "baseline")
        self.assertEqual(base["primary_metric"], "eval_dev_dot_ndcg@10")
        self.assertIsNotNone(base["primary_value"])
        self.assertEqual([e for e in events if e["type"] == "warning" and e["code"] == "collapsed_loss"], [])
        evals = [e for e in events if e["type"] == "eval"]
        self.assertTrue(evals and all(e["primary_metric"] == "eval_dev_dot_ndcg@10" for e in evals))
        done = completed(self, events, tail)
        self.assertEqual(done["primary_metric"], "eval_dev_dot_ndcg@10")
        self.assertIsNotNone(done["primary_value"])
        self.assertIsNotNone(done["baseline_metrics"]["eval_dev_dot_ndcg@10"])


class ForgettingCheck(unittest.TestCase):
    def test_also_sets_are_scored_before_and_after_with_an_interval(self):
        ws = Workspace()
        path = ws.job("information-retrieval", "main", n=600)
        other = read_job(ws.job("information-retrieval", "older", n=200))  # another set in the task's format
        job = read_job(path)
        job["evaluation"] = {"also": [{"name": "older", "hub": None, "path": other["dataset"]["path"], "format": "jsonl",
                                       "subset": None, "split": "train", "columns": job["dataset"]["columns"]}]}
        write_job(path, job)
        code, events, tail = run_finetune(path, ws.run_dir("also"))
        self.assertEqual(code, 0, tail)
        (also,) = completed(self, events, tail)["also"]
        self.assertEqual((also["name"], also["metric"]), ("older", "eval_dev_cosine_ndcg@10"))
        self.assertGreater(also["n"], 10)
        self.assertAlmostEqual(also["delta"], also["finetuned"] - also["baseline"], places=10)
        lo, hi = also["delta_ci95"]
        self.assertLessEqual(lo, also["delta"])
        self.assertLessEqual(also["delta"], hi)
        self.assertIn(also["verdict"], ("better", "no clear change", "worse"))


class CorpusAndKeys(unittest.TestCase):
    def test_ir_data_adds_the_whole_corpus_after_the_evaluated_documents(self):
        from fte.evaldata import ir_data

        queries, corpus, relevant = ir_data(["q1"], ["a"], None, ["b", "a", "c"])
        self.assertEqual(list(corpus.values()), ["a", "b", "c"])
        self.assertEqual(relevant, {"q0": {"d0"}})

    def test_corpus_texts_are_every_distinct_document_of_every_split(self):
        import datasets

        from fte.evaluation.corpus import corpus_texts
        from fte.jobspec import parse_job

        from .retrieval_set import job as retrieval_job

        job = parse_job(retrieval_job("m", "d.jsonl", None))
        train = datasets.Dataset.from_dict({"anchor": ["q1", "q2"], "positive": ["a", "b"]})
        test = datasets.Dataset.from_dict({"anchor": ["q3"], "positive": ["a"]})
        self.assertEqual(corpus_texts(job, [train, test], ["c", "", "b"]), ["a", "b", "c"])

    def test_a_corpus_column_the_file_lacks_is_an_error_naming_the_field(self):
        import json

        from fte.evaluation.corpus import load_extra
        from fte.errors import DatasetError
        from fte.jobspec import parse_job

        from .retrieval_set import job as retrieval_job

        docs = os.path.join(HERE, "docs.jsonl")
        with open(docs, "w", encoding="utf-8") as fh:
            fh.write(json.dumps({"body": "a document"}) + "\n")
        spec = retrieval_job("m", "d.jsonl", None)
        spec["dataset"]["corpus"] = {"hub": None, "path": docs, "format": "jsonl", "subset": None, "split": "train",
                                     "column": "text"}
        with self.assertRaises(DatasetError) as caught:
            load_extra(parse_job(spec))
        self.assertIn("dataset.corpus.column", caught.exception.message)
        self.assertIn("'body'", caught.exception.message)
        spec["dataset"]["corpus"]["column"] = "body"
        self.assertEqual(load_extra(parse_job(spec)), ["a document"])

    def test_a_missing_primary_key_is_an_error_naming_it(self):
        from fte.errors import FteError
        from fte.evaluation.keys import require

        with self.assertRaises(FteError) as caught:
            require("eval_dev_cosine_ndcg@10", {"eval_dev_dot_ndcg@10": 0.5}, "the final evaluation")
        self.assertIn("eval_dev_cosine_ndcg@10", caught.exception.message)
        self.assertIn("eval_dev_dot_ndcg@10", caught.exception.message)


if __name__ == "__main__":
    unittest.main()
