"""The real train_fn: one trial = one fine-tuning run in this process (ML libraries needed)."""
from __future__ import annotations

import os

from .. import resume


def train(job, reporter) -> dict:
    from ..training import train_job

    # One cache per worker (under DIR/../.hf-cache), shared by that worker's trials only: workers
    # run at once, and a volume gives concurrent writers of one folder no locks.
    cache = resume.worker_cache_dir(reporter.sweep_dir, dict(os.environ), reporter.cfg.worker)
    os.environ["HF_HOME"] = cache
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.makedirs(reporter.run_dir, exist_ok=True)
    # The trials choose on validation and never touch the test set; the sweep scores its choice.
    return train_job(job, reporter.ctx, reporter.run_dir, cache, reporter=reporter, score_test=False)


def push(path: str, repo: str, private: bool, trust_remote_code: bool = False) -> str:
    """Push the saved best model (its model card carries the evaluator metrics)."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(path, trust_remote_code=trust_remote_code)
    model.push_to_hub(repo, token=os.environ["HF_TOKEN"], private=private, exist_ok=True)
    return f"https://huggingface.co/{repo}"
