"""The run's held-out rows as a retrieval corpus and a pick list ("Try it", the ONNX parity texts).

Pure Python over column lists, so it is unit-tested without the ML libraries. The rows come from
data.prepare() with the run's own job, so they are exactly the split the evaluator scored.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .columns import ordered_columns
from .jobspec import JobSpec

# Tasks whose rows are (text1, text2[, value]) pairs of peers: every held-out text is a candidate.
PEER_TASKS = ("duplicate-classification", "semantic-similarity", "paraphrase-mining")
MAX_EXAMPLES = 200


@dataclass
class HeldOut:
    task: str
    corpus: list[str]
    # Distinct candidate texts before the cap (corpus holds the first max_corpus of them).
    total: int
    examples: list[dict]
    # query text -> corpus indices known to be relevant to it (a positive, a duplicate).
    relevant: dict[str, set[int]] = field(default_factory=dict)
    # (text1, text2) -> the pair's gold label or score, for pairs tasks.
    gold: dict[tuple[str, str], float] = field(default_factory=dict)


def roles(job: JobSpec) -> dict[str, str]:
    """role -> the column's target name in the prepared rows."""
    return {c.role: c.target for c in ordered_columns(job.columns)}


def build_heldout(task: str, role_cols: dict[str, list], max_corpus: int = 5000,
                  documents: list[str] | None = None) -> HeldOut:
    """`role_cols`: role -> the test column (anchor/positive/negative or text1/text2, label/score).
    `documents`: the whole retrieval corpus (fte/corpus.py), added after the test rows' own documents
    so the relevant ones survive the cap; `total` counts it all, for the "first N of M" note."""
    first = role_cols.get("anchor") or role_cols.get("text1") or []
    second = role_cols.get("positive") or role_cols.get("text2") or []
    negative = role_cols.get("negative")
    value_role = "label" if "label" in role_cols else "score" if "score" in role_cols else None
    values = role_cols.get(value_role) if value_role else None
    peers = task in PEER_TASKS

    index: dict[str, int] = {}
    corpus: list[str] = []
    total: set[str] = set()

    def add(text: str) -> int | None:
        total.add(text)
        if text in index:
            return index[text]
        if len(corpus) >= max_corpus:
            return None
        index[text] = len(corpus)
        corpus.append(text)
        return index[text]

    out = HeldOut(task=task, corpus=corpus, total=0, examples=[])
    seen_queries: set[str] = set()
    for i, (a, b) in enumerate(zip(first, second)):
        value = values[i] if values is not None else None
        if peers:
            ia, ib = add(a), add(b)
        else:
            ia, ib = None, add(b)
            if negative is not None:
                add(negative[i])
        positive = value is None or (value_role == "label" and float(value) >= 0.5)
        if positive and ib is not None:
            out.relevant.setdefault(a, set()).add(ib)
            if peers and ia is not None:  # a duplicate is one both ways
                out.relevant.setdefault(b, set()).add(ia)
        if value is not None:
            out.gold[(a, b)] = float(value)
        if len(out.examples) < MAX_EXAMPLES and (peers or a not in seen_queries):
            seen_queries.add(a)
            example = {"query": a, "text2": b if peers else None}
            if value_role:
                example[value_role] = value
            out.examples.append(example)
    for text in documents or ():
        add(text)
    out.total = len(total)
    return out


def heldout_from_rows(job: JobSpec, eval_ds, max_corpus: int = 5000, corpus: list[str] | None = None) -> HeldOut:
    cols = {role: list(eval_ds[target]) for role, target in roles(job).items()}
    return build_heldout(job.task, cols, max_corpus, corpus)


def parity_texts(held: HeldOut, limit: int = 256) -> list[str]:
    """Held-out texts of varied lengths for the ONNX parity check: queries and corpus texts."""
    texts: list[str] = []
    for text in [e["query"] for e in held.examples] + held.corpus:
        if text not in texts:
            texts.append(text)
        if len(texts) >= limit:
            break
    return texts
