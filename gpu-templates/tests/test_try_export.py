"""After training, for real on CPU: try_model.py ranks the run's own held-out corpus with the base
and the fine-tuned model, and export_onnx.py writes an ONNX model onnxruntime loads, as
faithful as its parity figure says. A tiny BERT is fine-tuned first (trainkit)."""
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

from .helpers import TEMPLATES
from .trainkit import OFFLINE, Workspace, read_job, run_finetune

TRY = os.path.join(TEMPLATES, "try_model.py")
EXPORT = os.path.join(TEMPLATES, "export_onnx.py")
SERVE_MARKER = "@@fte-try@@ "
WS: Workspace | None = None
RUNS: dict = {}


def train(task: str) -> dict:
    """One real run per task for the whole module: its job, model folder and held-out split."""
    if task not in RUNS:
        job = WS.job(task, n=800)
        run_dir = WS.run_dir(task)
        code, events, tail = run_finetune(job, run_dir)
        if code != 0:
            raise AssertionError(tail)
        done = next(e for e in events if e["type"] == "completed")
        RUNS[task] = {"job": job, "model": done["model_path"], "run_dir": run_dir, "done": done}
    return RUNS[task]


def setUpModule():
    global WS
    WS = Workspace()


def tool(script: str, *args: str) -> tuple[int, dict, str]:
    proc = subprocess.run([sys.executable, script, *args], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **OFFLINE})
    last = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    return proc.returncode, json.loads(last[-1]) if last else {}, proc.stderr[-3000:]


def heldout_rows(run: dict) -> tuple[list[dict], set[str]]:
    """The test rows as the trainer split them, and every text of the training split."""
    sys.path.insert(0, TEMPLATES)
    from fte.data import load_raw, prepare
    from fte.jobspec import load_job

    parts = prepare(load_job(run["job"]), load_raw(load_job(run["job"])))
    train_ds, eval_ds = parts.train, parts.test
    seen = {t for col in train_ds.column_names if col not in ("label", "score") for t in train_ds[col]}
    return [dict(r) for r in eval_ds], seen


def whole_corpus(run) -> set:
    from fte.data import load_raw, prepare
    from fte.jobspec import load_job

    parts = prepare(load_job(run["job"]), load_raw(load_job(run["job"])))
    return {r[c] for ds in (parts.train, parts.validation, parts.test) for r in ds for c in ("positive", "negative") if c in r}


class TryIt(unittest.TestCase):
    def test_one_query_ranks_the_held_out_corpus_with_both_models(self):
        run = train("information-retrieval")
        rows, train_texts = heldout_rows(run)
        query = rows[0]["anchor"]
        code, out, err = tool(TRY, "--job", run["job"], "--model", run["model"], "--query", query, "--k", "5")
        self.assertEqual(code, 0, err)
        self.assertIn("[fte] Loading the base model", err)  # progress, on stderr
        self.assertEqual(out["models"], {"base": read_job(run["job"])["model"], "finetuned": run["model"]})
        # Try it searches the corpus the evaluator searched: every document of train, validation and test.
        corpus = whole_corpus(run)
        self.assertEqual(out["corpus_size"], len(corpus))
        for name in ("base", "finetuned"):
            found = out[name]["hits"]
            self.assertEqual([h["rank"] for h in found], [1, 2, 3, 4, 5])
            scores = [h["score"] for h in found]
            self.assertEqual(scores, sorted(scores, reverse=True), name)
            for h in found:
                self.assertIn(h["text"], corpus, "every hit is a document of the run's corpus")
                self.assertIsInstance(h["other_rank"], int)
        self.assertNotEqual(out["base"]["hits"], out["finetuned"]["hits"], "two different models answered")
        # The query's own positive is marked, with where each model ranked it.
        positive = rows[0]["positive"]
        self.assertEqual([r["text"] for r in out["relevant"]], [positive])
        if positive not in train_texts:
            tuned = {h["text"]: h for h in out["finetuned"]["hits"]}
            if positive in tuned:
                self.assertTrue(tuned[positive]["relevant"])

    def test_a_warm_session_answers_each_query_fast_and_the_fine_tuned_model_finds_more_positives(self):
        run = train("information-retrieval")
        proc = subprocess.Popen([sys.executable, TRY, "--job", run["job"], "--model", run["model"], "--serve"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                env={**os.environ, **OFFLINE})

        def read() -> dict:
            for line in proc.stdout:
                if line.startswith(SERVE_MARKER):
                    return json.loads(line[len(SERVE_MARKER):])
            raise AssertionError(proc.stderr.read()[-3000:])

        try:
            ready = read()
            self.assertTrue(ready.get("ready"), ready)
            examples = ready["examples"][:60]
            self.assertGreater(len(examples), 20)
            mrr = {"base": 0.0, "finetuned": 0.0}
            started = time.monotonic()
            for i, ex in enumerate(examples):
                proc.stdin.write(json.dumps({"id": i + 1, "query": ex["query"], "k": 10}) + "\n")
                proc.stdin.flush()
                answer = read()
                self.assertEqual(answer["id"], i + 1)
                for rel in answer["result"]["relevant"]:
                    for name in mrr:
                        rank = rel[f"{name}_rank"]
                        mrr[name] += 1 / rank if rank else 0
            per_query_ms = (time.monotonic() - started) * 1000 / len(examples)
            self.assertLess(per_query_ms, 2000, "a warm session does not reload the models")
            self.assertGreater(mrr["finetuned"], mrr["base"], mrr)
            # A bad request is answered with an error, and the session goes on.
            proc.stdin.write(json.dumps({"id": 99, "query": "  "}) + "\n")
            proc.stdin.flush()
            self.assertEqual(read()["error"], "The query is empty.")
        finally:
            proc.stdin.close()
            proc.wait(timeout=60)
            proc.stdout.close()
            proc.stderr.close()
        self.assertEqual(proc.returncode, 0)

    def test_a_pair_shows_both_similarities_and_each_models_threshold_decision(self):
        run = train("duplicate-classification")
        rows, _ = heldout_rows(run)
        row = rows[0]
        done = run["done"]
        key = "eval_dev_cosine_accuracy_threshold"
        base_t, tuned_t = done["baseline_metrics"][key], done["final_metrics"][key]
        code, out, err = tool(TRY, "--job", run["job"], "--model", run["model"], "--query", row["text1"],
                              "--text2", row["text2"], "--k", "3", "--base-threshold", str(base_t),
                              "--finetuned-threshold", str(tuned_t))
        self.assertEqual(code, 0, err)
        pair = out["pair"]
        self.assertEqual(pair["gold"], row["label"])
        for name, t in (("base", base_t), ("finetuned", tuned_t)):
            self.assertAlmostEqual(pair[name]["threshold"], t)
            self.assertEqual(pair[name]["match"], pair[name]["similarity"] >= t)
            self.assertTrue(all(h["match"] == (h["score"] >= t) for h in out[name]["hits"]))
        self.assertNotAlmostEqual(pair["base"]["similarity"], pair["finetuned"]["similarity"], places=4)

    def test_a_missing_model_folder_is_one_clear_error(self):
        run = train("information-retrieval")
        code, out, _ = tool(TRY, "--job", run["job"], "--model", os.path.join(WS.dir, "nowhere"), "--query", "x")
        self.assertEqual(code, 1)
        self.assertIn("No model folder", out["error"])
        self.assertIn("download", out["hint"])


class ExportOnnx(unittest.TestCase):
    def test_the_onnx_model_loads_in_onnxruntime_and_matches_pytorch_on_held_out_texts(self):
        import numpy as np
        import onnxruntime as ort
        from sentence_transformers import SentenceTransformer

        run = train("information-retrieval")
        out_dir = tempfile.mkdtemp(prefix="fte-onnx-")
        code, record, err = tool(EXPORT, "--job", run["job"], "--model", run["model"], "--out", out_dir)
        self.assertEqual(code, 0, err)
        parity = record["parity"]
        self.assertGreaterEqual(parity["texts"], 100)
        self.assertTrue(parity["ok"])
        self.assertGreaterEqual(parity["min_cosine"], 0.999)
        with open(os.path.join(out_dir, "export.json"), encoding="utf-8") as fh:
            self.assertEqual(json.load(fh), record)
        # Independently of the tool: a fresh session and the saved tokenizer give the model's embedding.
        from transformers import AutoTokenizer

        session = ort.InferenceSession(record["onnx_file"], providers=["CPUExecutionProvider"])
        self.assertEqual([o.name for o in session.get_outputs()], ["sentence_embedding"])
        texts = [r["anchor"] for r in heldout_rows(run)[0][:7]]
        enc = AutoTokenizer.from_pretrained(out_dir)(texts, padding=True, truncation=True, return_tensors="np")
        got = session.run(None, {i.name: enc[i.name].astype(np.int64) for i in session.get_inputs()})[0]
        ref = SentenceTransformer(run["model"]).encode(texts)
        self.assertEqual(got.shape, (7, record["dimensions"]))
        cos = (got * ref).sum(1) / np.linalg.norm(got, axis=1) / np.linalg.norm(ref, axis=1)
        self.assertGreater(float(cos.min()), 0.999)


if __name__ == "__main__":
    unittest.main()
