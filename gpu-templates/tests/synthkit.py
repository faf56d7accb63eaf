"""Shared by the synthesize tests: a folder of real English documents, the job spec the
extension would resolve for them (dataset.synthesize), and running synthesize.py."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

from .helpers import TEMPLATES
from .trainkit import OFFLINE

SYNTHESIZE = os.path.join(TEMPLATES, "synthesize.py")
MINILM = "sentence-transformers/all-MiniLM-L6-v2"  # the packaged copy (offline)

TOPICS = {
    "kestrel.md": ["Kestrel is the payment gateway of the shop.",
                   "When Kestrel returns card declines for every customer, rotate its acquirer certificate.",
                   "The Kestrel dashboard shows authorisation latency per issuing bank."],
    "juniper.md": ["Juniper prints shipping labels for the carriers.",
                   "Slow Juniper responses usually mean the connection pool is exhausted.",
                   "Raise juniper.pool.max to 64 and recycle the Juniper pods."],
    "dunlin.md": ["Dunlin keeps the loyalty points ledger.",
                  "When Dunlin falls behind, pause the upstream producers and run the drain command.",
                  "Watch the lag graph until the backlog is under five hundred messages."],
    "guides/sorrel.txt": ["Sorrel computes delivery prices at checkout.",
                          "If Sorrel logs unauthorised errors from its upstream, its token expired.",
                          "Request a new token from the checkout team and update the secret store."],
    "guides/wren.html": ["Wren sends the order confirmation emails.",
                         "Bounced confirmation emails pile up in the Wren dead letter queue.",
                         "Replay the queue after the mail relay is healthy again."],
    "guides/finch.rst": ["Finch builds the staff rota every Sunday night.",
                         "A failed rota build leaves the warehouse without shifts for Monday.",
                         "Rerun the Finch job by hand and notify the shift leads in the warehouse channel."],
}


def write_docs(root: str) -> str:
    docs = os.path.join(root, "docs")
    for name, sentences in TOPICS.items():
        path = os.path.join(docs, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        body = " ".join(sentences)
        if name.endswith(".html"):
            body = f"<html><head><style>p {{}}</style></head><body><p>{body}</p><script>var x;</script></body></html>"
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(body + "\n")
    return docs


def synth_job(root: str, model: str = MINILM, documents=("docs/**/*.md", "docs/**/*.txt", "docs/**/*.html", "docs/**/*.rst"),
              tokens: int = 256, overlap: int = 32, per_chunk: int = 2, top_k: int | None = 3, has_eval: bool = False,
              column: str | None = None, test_size: float = 0.2) -> dict:
    data = os.path.join(root, "data")
    out = os.path.join(data, "synthetic.jsonl")
    return {
        "spec_version": 1, "name": "synth", "task": "information-retrieval", "model": model,
        "dataset": {"hub": None, "path": out, "format": "jsonl", "subset": None, "split": "train", "test_size": test_size,
                    "validation_size": 0.1, "split_seed": 42, "sample": None,
                    "eval": None if has_eval else {"hub": None, "path": os.path.join(data, "synthetic.test.jsonl"), "format": "jsonl",
                                                   "subset": None, "split": "train",
                                                   "columns": [{"role": "anchor", "source": "anchor", "target": "anchor"},
                                                               {"role": "positive", "source": "positive", "target": "positive"}]},
                    "corpus": {"hub": None, "path": os.path.join(data, "synthetic.chunks.jsonl"), "format": "jsonl",
                               "subset": None, "split": "train", "column": "text"},
                    "columns": [{"role": "anchor", "source": "anchor", "target": "anchor"},
                                {"role": "positive", "source": "positive", "target": "positive"}],
                    "synthesize": {"config_dir": root, "documents": list(documents), "column": column,
                                   "chunk": {"tokens": tokens, "overlap": overlap}, "queries_per_chunk": per_chunk,
                                   "generator": {"type": "ict"}, "filter": None if top_k is None else {"top_k": top_k},
                                   "near_duplicate": 0.95, "out": out,
                                   "test_out": os.path.join(data, "synthetic.test.jsonl"),
                                   "chunks_out": os.path.join(data, "synthetic.chunks.jsonl"),
                                   "manifest": os.path.join(data, "synthetic.manifest.json"),
                                   "cache_dir": os.path.join(root, ".finetune", "synthesize"), "has_eval": has_eval}},
        "loss": {"name": "MultipleNegativesRankingLoss", "args": {}, "family": "mnrl", "guide_model": None},
        "matryoshka": None,
        "evaluator": {"name": "InformationRetrievalEvaluator", "eval_names": ["dev"], "metric_keys": ["eval_dev_cosine_ndcg@10"],
                      "primary_metric": "eval_dev_cosine_ndcg@10", "primary_metric_name": "cosine_ndcg@10", "greater_is_better": True},
        "training": {"epochs": 1, "batch_size": 16, "learning_rate": 1e-4, "warmup_ratio": 0.1, "weight_decay": 0.01,
                     "precision": "auto", "eval_steps": 20, "save_total_limit": 1, "seed": 42, "batch_sampler": "no_duplicates",
                     "max_seq_length": 64, "gradient_accumulation_steps": 1, "hard_negatives": None},
        "compute": {"backend": "local", "gpu": None, "gpu_count": 1, "timeout_minutes": 30},
        "output": {"push_to_hub": None, "hf_secret": None, "private": True},
        "sweep": None,
    }


def run_synthesize(job: dict, root: str) -> tuple[int, dict, str]:
    path = os.path.join(root, "job.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(job, fh)
    proc = subprocess.run([sys.executable, SYNTHESIZE, "--job", path], capture_output=True, text=True, timeout=600,
                          env={**os.environ, **OFFLINE})
    last = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    return proc.returncode, json.loads(last[-1]) if last else {}, proc.stderr[-3000:]


def read_jsonl(path: str) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def temp_root() -> str:
    return tempfile.mkdtemp(prefix="fte-synth-")
