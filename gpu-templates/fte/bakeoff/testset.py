"""The run's own test split and corpus, built once per bake-off exactly as training builds them
(same job, same split seed, same evaluator with the whole retrieval corpus)."""
from __future__ import annotations

from dataclasses import dataclass

from ..build import build_evaluator
from ..evaluation.corpus import corpus_texts, has_corpus, load_extra
from ..data import load_raw, prepare, seed_of
from ..errors import ConfigError
from ..evaluation.items import item_count
from ..jobspec import JobSpec
from ..evaluation.keys import evaluated_corpus_size

SPEED_TEXTS = 256  # texts encoded for the speed number (documents first: what an index holds)


@dataclass
class TestSet:
    evaluator: object
    n: int
    corpus_size: int | None
    seed: int
    greater_is_better: bool
    # Texts the speed is measured on: the corpus (retrieval) or the test rows' texts.
    speed_texts: list[str]


def build_testset(job: JobSpec, batch_size: int = 32) -> TestSet:
    parts = prepare(job, load_raw(job))
    if not len(parts.test):
        raise ConfigError("The test split is empty, so there is nothing to compare the candidates on.",
                          "Raise dataset.test_size (or name dataset.eval) so some rows are held out.")
    corpus = corpus_texts(job, [parts.train, parts.validation, parts.test], load_extra(job)) if has_corpus(job) else None
    evaluator = build_evaluator(job, parts.test, corpus, batch_size=batch_size, write_predictions=True)
    texts = list(corpus or [])
    for column in parts.test.column_names:
        if len(texts) >= SPEED_TEXTS:
            break
        texts += [t for t in parts.test[column] if isinstance(t, str)]
    return TestSet(evaluator, item_count(evaluator), evaluated_corpus_size(evaluator), seed_of(job),
                   bool(job.evaluator.get("greater_is_better", True)), texts[:SPEED_TEXTS])
