"""Evaluator inputs built from evaluation rows; pure Python so they are unit-tested."""
from __future__ import annotations


def _interner(prefix: str, store: dict[str, str]):
    """Gives each distinct text one id (`prefix` + n), recording id -> text in `store`."""
    ids: dict[str, str] = {}

    def intern(text: str) -> str:
        if text not in ids:
            ids[text] = f"{prefix}{len(ids)}"
            store[ids[text]] = text
        return ids[text]
    return intern


def ir_data(anchors: list[str], positives: list[str], negatives: list[str] | None = None,
            corpus_texts: list[str] | None = None):
    """InformationRetrievalEvaluator inputs: queries = anchors, corpus = positives (+ negatives)
    + `corpus_texts` (the whole corpus: every split's documents and dataset.corpus, see
    fte/corpus.py), relevant_docs = each query's positives. Identical texts share one id, so a
    query that appears twice keeps every positive as relevant."""
    queries: dict[str, str] = {}
    corpus: dict[str, str] = {}
    relevant: dict[str, set[str]] = {}
    query_id, doc_id = _interner("q", queries), _interner("d", corpus)

    for i, (anchor, positive) in enumerate(zip(anchors, positives)):
        relevant.setdefault(query_id(anchor), set()).add(doc_id(positive))
        if negatives is not None:
            doc_id(negatives[i])
    for text in corpus_texts or ():
        doc_id(text)
    return queries, corpus, relevant


def paraphrase_data(texts1: list[str], texts2: list[str]):
    """ParaphraseMiningEvaluator inputs: sentences_map {id: text} and duplicates_list of id pairs."""
    sentences: dict[str, str] = {}
    sid = _interner("s", sentences)

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
