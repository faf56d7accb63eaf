"""Hard-negative mining before training: sentence-transformers' mine_hard_negatives with the base
model over the training split (never the held-out one), joined back onto every training row."""
from __future__ import annotations

import random
import time

from .columnio import column
from .columns import ordered_columns, text_targets
from .errors import DatasetError
from .jobspec import JobSpec
from .stepmeter import say, step

FILL_WARN = 0.10
# Passages encoded to measure the model's texts/s before mining (for the time estimate).
WARMUP_TEXTS = 256
# Below this many texts mining takes seconds: no warm-up is spent on an estimate nobody needs.
ESTIMATE_FROM_TEXTS = 5_000


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
    from .mining.guards import estimate_seconds, memory_note, query_chunk, rank_floor, suspects, warn_false_negatives

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
    # Whole columns through Arrow: list(train_ds[col]) walks a lazy column row by row (columnio.py).
    anchors, positives = column(train_ds, anchor), column(train_ds, positive)
    extra = [t for col in given for t in column(train_ds, col)]
    corpus = list(dict.fromkeys(positives + extra))  # every passage once, in first-seen order
    corpus_size = len(corpus)
    query_count = len(set(anchors))
    s["range_min"] = rank_floor(s["range_min"], corpus_size)
    if query_count + corpus_size >= ESTIMATE_FROM_TEXTS:
        encode_rate, score_rate, dim = _rates(model, corpus, query_count, corpus_size,
                                              corpus_prompt)
        eta = estimate_seconds(query_count, corpus_size, encode_rate, score_rate)
        basis = f"a rough estimate from a warm-up: encode ~{encode_rate:,.0f} texts/s, exact search ~{score_rate / 1e6:,.0f}M scores/s on the CPU"
    else:
        eta, basis, dim = 0.0, "", int(model.get_embedding_dimension() or 0)
    say(f"hard-negative mining: {query_count:,} queries against {corpus_size:,} passages; "
        f"{memory_note(query_count, corpus_size, dim)}")
    with step("hard-negative mining", len(anchors), estimate=eta, basis=basis):
        mined = mine_hard_negatives(
            Dataset.from_dict({anchor: anchors, positive: positives}), model,
            anchor_column_name=anchor, positive_column_name=positive, corpus=extra or None,
            num_negatives=s["count"], sampling_strategy=s["sampling"], range_min=s["range_min"],
            range_max=s["range_max"], absolute_margin=s["absolute_margin"], relative_margin=s["relative_margin"],
            max_score=s["max_score"], query_prompt=query_prompt, corpus_prompt=corpus_prompt,
            faiss_batch_size=query_chunk(corpus_size), output_format="n-tuple", output_scores=True, verbose=False)
        out, stats, per_row = _join(job, train_ds, mined, anchor, positive, given, anchors, positives, corpus, s, seed)
    stats["seconds"] = round(time.monotonic() - started, 3)
    if ctx is not None:
        warn_false_negatives(ctx, len(per_row), suspects(per_row))
    return out, stats


def _rates(model, passages: list[str], queries: int, corpus: int, prompt) -> tuple[float, float, int]:
    """(texts/s of the model's encode, scores/s of the library's search, embedding width), measured
    on up to WARMUP_TEXTS passages (after an untimed warm-up batch, the median of three) and on random embeddings of the
    model's width scored on the CPU as the library does. Its own torch generator: the global one
    (model init, shuffling) is left as it was."""
    import torch

    sample = passages[:WARMUP_TEXTS]
    kw = {"prompt": prompt, "convert_to_numpy": True, "normalize_embeddings": True, "show_progress_bar": False}
    model.encode_document(sample[:32], **kw)  # untimed: the first batch pays one-time setup
    took = []
    for _ in range(3):  # the median of three: one hiccup on a shared machine neither way
        t0 = time.perf_counter()
        emb = model.encode_document(sample, **kw)
        took.append(time.perf_counter() - t0)
    encode_rate = len(sample) / max(sorted(took)[1], 1e-6)
    dim = int(emb.shape[1])
    gen = torch.Generator().manual_seed(0)
    # Rows as wide as the corpus's (up to 65,536): topk over a wide row costs more per score.
    q = torch.randn(max(1, min(queries, 64)), dim, generator=gen)
    c = torch.randn(max(1, min(corpus, 65536)), dim, generator=gen)
    took = []
    for _ in range(3):
        t0 = time.perf_counter()
        torch.topk(model.similarity(q, c), k=min(11, c.size(0)), dim=1)
        took.append(time.perf_counter() - t0)
    score_rate = q.size(0) * c.size(0) / max(sorted(took)[1], 1e-6)
    return encode_rate, score_rate, dim


def _join(job, train_ds, mined, anchor, positive, given, anchors, positives, corpus, s, seed):
    """Every training row with its mined negatives (or, where no candidate passed, random ones)."""
    neg_cols = [f"negative_{i}" for i in range(1, s["count"] + 1)]
    mined_cols = {c: column(mined, c) for c in neg_cols + ["scores"]}
    found = {key: i for i, key in enumerate(zip(column(mined, anchor), column(mined, positive)))}
    own: dict = {}
    for a, p in zip(anchors, positives):
        own.setdefault(a, set()).add(p)
    rng = random.Random(seed)
    columns = {c: [] for c in neg_cols}
    pos_scores, neg_scores, filled, per_row = [], [], 0, []
    for a, p in zip(anchors, positives):
        i = found.get((a, p))
        if i is not None:
            for c in neg_cols:
                columns[c].append(mined_cols[c][i])
            scores = mined_cols["scores"][i]
            pos_scores.append(scores[0])
            neg_scores.extend(scores[1:])
            per_row.append((scores[0], list(scores[1:])))
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
             "columns": list(out.column_names)}
    return out, stats, per_row
