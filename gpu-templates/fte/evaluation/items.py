"""Per-item test scores with the evaluator's own definitions, for the paired bootstrap.

IR: the evaluator's own retrieval (its predictions file: each query's top hits, in its tie
order) scored per query with its formulas, so the mean of the per-query values is its number.
Pairs and triplets: the evaluator's own embedding call (its batch size, prompts, truncation)
and similarity function, then the statistic it computes (AP, Spearman, accuracy) on a resample.
Paraphrase mining has no per-item decomposition here: no interval (None)."""
from __future__ import annotations

import glob
import json
import math
import os
import re

import numpy as np

from .bootstrap import Statistic, mean_of
from .keys import first_evaluator

AT_K = re.compile(r"^(?:[a-z]+_)?(accuracy|precision|recall|ndcg|mrr|map)@(\d+)$")


def per_query(metric: str, k: int, hits: list[str], relevant: set) -> float:
    """One query's value of `metric@k`, as InformationRetrievalEvaluator.compute_metrics defines it."""
    top = hits[:k]
    found = [1 if cid in relevant else 0 for cid in top]
    if metric == "accuracy":
        return float(any(found))
    if metric == "precision":
        return sum(found) / k
    if metric == "recall":
        return sum(found) / len(relevant)
    if metric == "mrr":
        return next((1.0 / (rank + 1) for rank, hit in enumerate(found) if hit), 0.0)
    if metric == "ndcg":
        dcg = sum(rel / math.log2(i + 2) for i, rel in enumerate(found))
        ideal = sum(1 / math.log2(i + 2) for i in range(min(len(relevant), k)))
        return dcg / ideal
    correct, total = 0, 0.0  # map
    for rank, hit in enumerate(found):
        if hit:
            correct += 1
            total += correct / (rank + 1)
    return total / min(k, len(relevant))


def ir_values(evaluator, model, out_dir: str, short: str) -> tuple[dict, list[float] | None]:
    """(the evaluator's metrics, per-query values of `short`) from one evaluator call."""
    metrics = evaluator(model, output_path=out_dir)
    return metrics, read_ir_values(evaluator, model, out_dir, short)


def read_ir_values(evaluator, model, out_dir: str, short: str) -> list[float] | None:
    """Per-query values of `short` from the predictions file an evaluator call wrote to out_dir."""
    ev = first_evaluator(evaluator)
    match = AT_K.match(short)
    files = glob.glob(os.path.join(out_dir, f"Information-Retrieval_evaluation_{ev.name}_predictions_"
                                            f"{model.similarity_fn_name}.jsonl"))
    if not match or not files:
        return None
    metric, k = match.group(1), int(match.group(2))
    values = []
    with open(files[0], encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            hits = [h["corpus_id"] for h in sorted(row["results"], key=lambda h: (-h["score"], h["corpus_id"]))]
            values.append(per_query(metric, k, hits, ev.relevant_docs[row["query_id"]]))
    return values


def pair_statistic(evaluator, model, short: str) -> Statistic | None:
    """The statistic of the primary metric on a resample of pairs/triplets, or None."""
    from sentence_transformers import util

    ev = first_evaluator(evaluator)
    sim = model.similarity_fn_name
    pairwise = {"cosine": util.pairwise_cos_sim, "dot": util.pairwise_dot_score,
                "euclidean": util.pairwise_euclidean_sim, "manhattan": util.pairwise_manhattan_sim}.get(sim)
    if pairwise is None:
        return None
    kind = type(ev).__name__
    if kind == "TripletEvaluator" and short.endswith("_accuracy"):
        a = ev.embed_inputs(model, ev.anchors, encode_fn_name="query")
        p = ev.embed_inputs(model, ev.positives, encode_fn_name="document")
        n = ev.embed_inputs(model, ev.negatives, encode_fn_name="document")
        margin = ev.margin[sim] if isinstance(ev.margin, dict) else 0.0
        won = (pairwise(a, p) > pairwise(a, n) + margin).float().numpy()
        return mean_of(won)
    if kind not in ("BinaryClassificationEvaluator", "EmbeddingSimilarityEvaluator"):
        return None
    e1, e2 = ev.embed_inputs(model, ev.sentences1), ev.embed_inputs(model, ev.sentences2)
    scores = pairwise(e1, e2).detach().cpu().numpy().astype(float)
    # pairwise_* give higher = closer for all four (negative distances), as the evaluators rank them.
    if kind == "BinaryClassificationEvaluator" and short.endswith("_ap"):
        from sklearn.metrics import average_precision_score

        labels = np.asarray(ev.labels)
        return lambda idx: float(average_precision_score(labels[idx], scores[idx]))
    if kind == "EmbeddingSimilarityEvaluator" and short.startswith(("spearman_", "pearson_")):
        from scipy.stats import pearsonr, spearmanr

        gold = np.asarray(ev.scores, dtype=float)
        fn = spearmanr if short.startswith("spearman_") else pearsonr
        return lambda idx: float(fn(gold[idx], scores[idx])[0])
    return None


def item_count(evaluator) -> int:
    """Queries (IR), pairs or triplets the test set holds: the bootstrap's n."""
    ev = first_evaluator(evaluator)
    for attr in ("queries", "anchors", "sentences1"):
        items = getattr(ev, attr, None)
        if isinstance(items, list):
            return len(items)
    return len(getattr(ev, "duplicates", []) or [])
