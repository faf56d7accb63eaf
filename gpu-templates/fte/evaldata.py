"""Evaluator inputs built from held-out rows; pure Python so they are unit-tested."""
from __future__ import annotations


def ir_data(anchors: list[str], positives: list[str], negatives: list[str] | None = None):
    """InformationRetrievalEvaluator inputs: queries = anchors, corpus = positives (+ negatives),
    relevant_docs = each query's positives. Identical texts share one id, so a query that
    appears twice keeps every positive as relevant."""
    queries: dict[str, str] = {}
    corpus: dict[str, str] = {}
    relevant: dict[str, set[str]] = {}
    q_ids: dict[str, str] = {}
    c_ids: dict[str, str] = {}

    def doc_id(text: str) -> str:
        if text not in c_ids:
            c_ids[text] = f"d{len(c_ids)}"
            corpus[c_ids[text]] = text
        return c_ids[text]

    for i, (anchor, positive) in enumerate(zip(anchors, positives)):
        if anchor not in q_ids:
            q_ids[anchor] = f"q{len(q_ids)}"
            queries[q_ids[anchor]] = anchor
        relevant.setdefault(q_ids[anchor], set()).add(doc_id(positive))
        if negatives is not None:
            doc_id(negatives[i])
    return queries, corpus, relevant


def paraphrase_data(texts1: list[str], texts2: list[str]):
    """ParaphraseMiningEvaluator inputs: sentences_map {id: text} and duplicates_list of id pairs."""
    ids: dict[str, str] = {}
    sentences: dict[str, str] = {}

    def sid(text: str) -> str:
        if text not in ids:
            ids[text] = f"s{len(ids)}"
            sentences[ids[text]] = text
        return ids[text]

    pairs = []
    for a, b in zip(texts1, texts2):
        x, y = sid(a), sid(b)
        if x != y:
            pairs.append((x, y))
    return sentences, pairs


def positive_rate(labels: list) -> float | None:
    if not labels:
        return None
    return sum(1 for v in labels if float(v) >= 0.5) / len(labels)
