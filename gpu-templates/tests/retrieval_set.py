"""A small retrieval set where hard negatives matter, for the mining measurement.

Queries name an action with a made-up verb ("how do I florb my gym membership?"), passages
with the real one ("To cancel your gym membership, ..."). Each subject has a passage per
action, so the passages that compete with the answer are the same subject's other actions,
which the base model cannot tell apart until it learns the verbs. Random in-batch negatives are
mostly other subjects (easy); mined negatives are exactly the competing passages.
"""
from __future__ import annotations

import json
import os

SUBJECTS = ["gym membership", "phone plan", "car insurance", "bank account", "library card", "parking permit",
            "cloud storage", "music subscription", "train pass", "internet contract", "magazine subscription",
            "home warranty", "credit card", "travel insurance", "domain name", "software licence", "bike rental",
            "dental plan", "energy tariff", "newspaper delivery", "coworking desk", "language course",
            "streaming service", "pet insurance", "storage unit", "meal kit", "fitness app", "vpn service",
            "email account", "photo backup", "game pass", "ski pass", "museum pass", "theatre season ticket",
            "wine club", "car lease", "mobile data pack", "tv package", "security alarm", "laundry service"]
VERBS = [("florb", "cancel"), ("quax", "upgrade"), ("blent", "renew"), ("sprock", "transfer"), ("drelm", "pause"),
         ("zint", "downgrade")]


def rows() -> list[dict]:
    return [{"query": f"how do I {made} my {subject}?",
             "passage": f"To {real} your {subject}, open the account page and choose {real}."}
            for subject in SUBJECTS for made, real in VERBS]


# The Hub id: the template loads the packaged copy (requirements-local.txt) offline, see fte/models.py.
MINILM = "sentence-transformers/all-MiniLM-L6-v2"


def job(model: str, data: str, hard_negatives: dict | None) -> dict:
    metrics = ["cosine_accuracy@1", "cosine_ndcg@10", "cosine_mrr@10"]
    return {
        "spec_version": 1, "name": "retrieval-mining", "task": "information-retrieval", "model": model,
        "dataset": {"hub": None, "path": data, "format": "jsonl", "subset": None, "split": "train", "test_size": 0.3,
                    "sample": None, "columns": [{"role": "anchor", "source": "query", "target": "anchor"},
                                                {"role": "positive", "source": "passage", "target": "positive"}],
                    "label_map": None, "score_range": None, "split_by": None, "drop_duplicates": False},
        "loss": {"name": "MultipleNegativesRankingLoss", "args": {}, "family": "mnrl", "guide_model": None},
        "matryoshka": None,
        "evaluator": {"name": "InformationRetrievalEvaluator", "eval_names": ["dev"],
                      "metric_keys": [f"eval_dev_{m}" for m in metrics], "primary_metric": "eval_dev_cosine_ndcg@10",
                      "primary_metric_name": "cosine_ndcg@10", "greater_is_better": True},
        "training": {"epochs": 1, "batch_size": 8, "learning_rate": 1e-4, "warmup_ratio": 0.1, "weight_decay": 0.01,
                     "precision": "fp32", "eval_steps": 1000, "save_total_limit": 1, "seed": 42,
                     "batch_sampler": "no_duplicates", "max_seq_length": 32, "gradient_accumulation_steps": 1,
                     "hard_negatives": hard_negatives},
        "compute": {"backend": "local", "gpu": None, "gpu_count": 1, "timeout_minutes": 30},
        "output": {"push_to_hub": None, "hf_secret": None, "private": True},
        "sweep": None,
    }


def write(folder: str, model: str) -> tuple[str, str]:
    """(job without mining, job with one mined negative per row), on the same data."""
    os.makedirs(folder, exist_ok=True)
    data = os.path.join(folder, "retrieval.jsonl")
    with open(data, "w", encoding="utf-8") as fh:
        fh.writelines(json.dumps(r) + "\n" for r in rows())
    mined = {"count": 1, "sampling": "top", "range_min": 0, "range_max": None, "absolute_margin": None,
             "relative_margin": None, "max_score": None}
    paths = []
    for name, hn in (("plain", None), ("mined", mined)):
        path = os.path.join(folder, f"{name}.job.json")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(job(model, data, hn), fh, indent=2)
        paths.append(path)
    return paths[0], paths[1]
