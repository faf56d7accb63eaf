"""Hard-negative mining before training: sentence-transformers' mine_hard_negatives with the base
model over the training split (never the held-out one), joined back onto every training row."""
from __future__ import annotations

import random
import time

from .columns import ordered_columns, text_targets
from .errors import DatasetError
from .jobspec import JobSpec

FILL_WARN = 0.10


def settings(job: JobSpec) -> dict:
    """range_min None = the automatic floor for the corpus (fte/mining/guards.py)."""
    hn = job.training["hard_negatives"]
    return {"count": int(hn.get("count") or 1), "sampling": hn.get("sampling") or "top",
            "range_min": hn.get("range_min"), "range_max": hn.get("range_max"),
            "absolute_margin": hn.get("absolute_margin"), "relative_margin": hn.get("relative_margin"),
            "max_score": hn.get("max_score")}


def mine(job: JobSpec, model, train_ds, ctx=None) -> tuple[object, dict]:
    """(training dataset with `count` mined negative columns, statistics for the event). With
    `ctx`, warns when the score gap says many mined negatives are probably positives."""
    from .mining.guards import query_chunk, rank_floor, suspects, warn_false_negatives

    from datasets import Dataset
    from sentence_transformers.util import mine_hard_negatives

    from .prompts.apply import applied

    s = settings(job)
    # Mining encodes as training and evaluation do: anchors with the query prompt, passages with the
    # document prompt (explicit, so a model without our prompts applied still mines the same way).
    prompts = applied(model)
    query_prompt = prompts.for_role("anchor") if prompts else None
    corpus_prompt = prompts.for_role("positive") if prompts else None
    texts = text_targets(ordered_columns(job.columns))
    if len(texts) < 2:
        raise DatasetError("Hard-negative mining needs an anchor and a positive column.")
    anchor, positive, given = texts[0], texts[1], texts[2:]
    seed = int(job.training.get("seed", 42))
    random.seed(seed)  # sampling "random" draws from Python's generator
    started = time.monotonic()
    anchors, positives = list(train_ds[anchor]), list(train_ds[positive])
    extra = [t for col in given for t in train_ds[col]]
    corpus_size = len(set(positives) | set(extra))
    s["range_min"] = rank_floor(s["range_min"], corpus_size)
    mined = mine_hard_negatives(
        Dataset.from_dict({anchor: anchors, positive: positives}), model,
        anchor_column_name=anchor, positive_column_name=positive, corpus=extra or None,
        num_negatives=s["count"], sampling_strategy=s["sampling"], range_min=s["range_min"],
        range_max=s["range_max"], absolute_margin=s["absolute_margin"], relative_margin=s["relative_margin"],
        max_score=s["max_score"], query_prompt=query_prompt, corpus_prompt=corpus_prompt, faiss_batch_size=query_chunk(corpus_size),
        output_format="n-tuple", output_scores=True, verbose=False)
    neg_cols = [f"negative_{i}" for i in range(1, s["count"] + 1)]
    found = {(row[anchor], row[positive]): row for row in mined}
    corpus = list(dict.fromkeys(positives + extra))
    own: dict = {}
    for a, p in zip(anchors, positives):
        own.setdefault(a, set()).add(p)
    rng = random.Random(seed)
    columns = {c: [] for c in neg_cols}
    pos_scores, neg_scores, filled, per_row = [], [], 0, []
    for a, p in zip(anchors, positives):
        row = found.get((a, p))
        if row is not None:
            for c in neg_cols:
                columns[c].append(row[c])
            pos_scores.append(row["scores"][0])
            neg_scores.extend(row["scores"][1:])
            per_row.append((row["scores"][0], list(row["scores"][1:])))
            continue
        # No candidate passed the margins: an easy random negative keeps the row (and the batch shape).
        filled += 1
        choices = [t for t in rng.sample(corpus, min(len(corpus), s["count"] + len(own[a]) + 1)) if t not in own[a]]
        if not choices:
            raise DatasetError(f"Too few distinct passages ({len(corpus)}) to find a negative for every training row.",
                               "Add rows, or remove training.hard_negatives.")
        for c, text in zip(neg_cols, (choices * s["count"])[: s["count"]]):
            columns[c].append(text)
    keep = [c for c in train_ds.column_names if c not in given or job.loss.get("family") != "triplet"]
    out = train_ds.select_columns(keep)
    for c in neg_cols:
        out = out.add_column(c, columns[c])
    mean = (lambda xs: sum(xs) / len(xs) if xs else None)
    stats = {"rows": len(anchors), "mined_rows": len(anchors) - filled, "filled_rows": filled,
             "count": s["count"], "sampling": s["sampling"], "corpus_size": len(corpus),
             "distinct_negatives": len({t for c in neg_cols for t in columns[c]}),
             "positive_score": mean(pos_scores), "negative_score": mean(neg_scores),
             "margin": (mean(pos_scores) - mean(neg_scores)) if pos_scores and neg_scores else None,
             "columns": list(out.column_names), "seconds": round(time.monotonic() - started, 3)}
    if ctx is not None:
        warn_false_negatives(ctx, len(per_row), suspects(per_row))
    return out, stats
