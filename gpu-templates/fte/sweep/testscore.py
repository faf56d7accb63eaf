"""A sweep's honest number: its chosen trial (chosen on validation) and the base model, each
scored once on the test set, with the paired-bootstrap interval of the gain. The trials never
touch the test set, so no trial can be picked by it."""
from __future__ import annotations

import os

from ..jobspec import JobSpec


def score_best_on_test(job: JobSpec, model_path: str, cache: str | None = None) -> dict:
    """The report keys of `finetune-embeddings report` for the best trial's saved model."""
    from sentence_transformers import SentenceTransformer

    from ..build import build_evaluator, load_model
    from ..evaluation.corpus import corpus_texts, has_corpus, load_extra
    from ..data import load_raw, prepare, seed_of
    from ..evaluation.keys import evaluated_corpus_size, primary_key, short_name
    from ..reporting import evaluator_metrics
    from ..evaluation.scoring import score_test, test_report

    cache = cache or os.environ.get("HF_HOME")
    parts = prepare(job, load_raw(job))
    corpus = corpus_texts(job, [parts.train, parts.validation, parts.test], load_extra(job)) if has_corpus(job) else None
    batch = int(job.training["batch_size"])
    base = load_model(job.model, job, cache)
    validation = build_evaluator(job, parts.validation, corpus, batch_size=batch)
    key = primary_key(validation, evaluator_metrics(validation(base)))  # the key, named as the evaluator names it
    short = short_name(validation, key)
    test = build_evaluator(job, parts.test, corpus, batch_size=batch, write_predictions=True)
    before = score_test(test, base, key, short)
    after = score_test(test, SentenceTransformer(model_path, cache_folder=cache), key, short)
    return test_report(before, after, key, bool(job.evaluator.get("greater_is_better", True)),
                       evaluated_corpus_size(test), seed_of(job))
