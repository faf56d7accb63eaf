"""The primary metric key as the evaluator itself names it.

sentence-transformers names metrics after the model's similarity function (`cosine_ndcg@10`,
`dot_ndcg@10`, `spearman_dot`), and sets `primary_metric` during its first call. So the key the
trainer picks checkpoints by, the baseline and the final score all come from the evaluator after
the baseline call, never from a hard-coded `cosine_` guess."""
from __future__ import annotations

from ..errors import FteError


def first_evaluator(evaluator):
    """A SequentialEvaluator (one per Matryoshka dimension) is chosen by its first evaluator."""
    subs = getattr(evaluator, "evaluators", None)
    return subs[0] if subs else evaluator


def primary_key(evaluator, metrics: dict) -> str:
    """`eval_<name>_<metric>` of the evaluator's primary metric; `metrics` are the logged keys of
    its last call (the baseline). Raises when the evaluator's key is not among them."""
    first = first_evaluator(evaluator)
    name = getattr(first, "primary_metric", None)
    if not name:
        raise FteError(f"{type(first).__name__} named no primary metric after evaluating the base model.",
                       "Report this with the model and evaluator names; it is not a data problem.")
    key = name if name.startswith("eval_") else f"eval_{name}"
    require(key, metrics, "the base model's evaluation")
    return key


def short_name(evaluator, key: str) -> str:
    """`eval_dev_dot_ndcg@10` -> `dot_ndcg@10` (the chance level's lookup name)."""
    prefix = f"eval_{getattr(first_evaluator(evaluator), 'name', '')}_"
    return key[len(prefix):] if key.startswith(prefix) else key[len("eval_"):]


def require(key: str, metrics: dict, where: str) -> None:
    """A key missing from an evaluation is an error naming it, never a collapse (NaN is None, present)."""
    if key not in metrics:
        shown = ", ".join(sorted(metrics)[:12]) or "(none)"
        raise FteError(f"The primary metric {key} is missing from {where}; it logged: {shown}.",
                       "The evaluator names metrics after the model's similarity function; if you set "
                       "sweep.metric, use one of the keys above.")


def evaluated_corpus_size(evaluator) -> int | None:
    """How many documents the retrieval evaluator searches; None for evaluators without a corpus."""
    corpus = getattr(first_evaluator(evaluator), "corpus", None)
    return len(corpus) if isinstance(corpus, list) else None
