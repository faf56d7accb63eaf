"""The retrieval corpus: every distinct document text the user has, so a retrieval score is
measured against what a user will really search (not only the held-out rows' documents).

Documents are the positive and negative columns of every split (train, validation, test), plus
the optional `dataset.corpus` of extra documents. Pure Python except load_extra (datasets)."""
from __future__ import annotations

from ..errors import DatasetError
from ..jobspec import JobSpec

DOC_ROLES = ("positive", "negative")
# Tasks whose evaluator retrieves from a corpus; the others have no corpus size.
RETRIEVAL_EVALUATORS = ("InformationRetrievalEvaluator",)


def has_corpus(job: JobSpec) -> bool:
    return job.evaluator["name"] in RETRIEVAL_EVALUATORS


def doc_columns(job: JobSpec) -> list[str]:
    """The prepared rows' column names that hold documents."""
    return [c.target for c in job.columns if c.role in DOC_ROLES]


def distinct_texts(*columns: list) -> list[str]:
    """Distinct non-empty strings in first-seen order (a stable corpus order, so ties rank the same)."""
    seen: dict[str, None] = {}
    for column in columns:
        for text in column:
            if isinstance(text, str) and text.strip() and text not in seen:
                seen[text] = None
    return list(seen)


def corpus_texts(job: JobSpec, splits: list, extra: list[str] | None = None) -> list[str]:
    """Every document text of `splits` (prepared datasets, before hard-negative mining; the test
    split last) and `extra`. Synthesized data (dataset.synthesize): the training positives are chunks
    with their query cut out, never searched; the corpus is the test split's and the chunks file's."""
    cols = doc_columns(job)
    if job.dataset.get("synthesize"):
        splits = splits[-1:]
    return distinct_texts(*[list(ds[c]) for ds in splits for c in cols if c in ds.column_names], extra or [])


def load_extra(job: JobSpec) -> list[str]:
    """`dataset.corpus`: {path, format | hub, subset, split, column} of extra documents, or []."""
    spec = job.dataset.get("corpus")
    if not spec:
        return []
    from ..data import load_source

    data = load_source(spec)
    column = spec["column"]
    if column not in data.column_names:
        have = ", ".join(repr(c) for c in data.column_names) or "(none)"
        raise DatasetError(f"dataset.corpus.column names {column!r}, which the corpus file does not have. "
                           f"Columns it has: {have}.",
                           "Set dataset.corpus.column to the column that holds the document texts.")
    return distinct_texts(list(data[column]))
