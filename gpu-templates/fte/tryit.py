"""Try it: one query against the held-out corpus with the base and the fine-tuned model.

Models and corpus embeddings are loaded once per Tryer, so a long-lived process (try_model.py
--serve) answers each further query in milliseconds. Imported after the ML libraries are known
present; the ranking itself (rank_rows) is plain Python and unit-tested.
"""
from __future__ import annotations

import time

from .errors import ConfigError
from .heldout import HeldOut
from .toolio import progress

MODELS = ("base", "finetuned")
# Tasks whose two sides are different kinds of text: queries are encoded with encode_query and the
# corpus with encode_document, so each side gets its prompt as in training and evaluation.
ASYMMETRIC = ("information-retrieval", "triplet")


def encoders(model, task: str):
    """(encode a query, encode corpus texts) for `task`; plain encode (default prompt) when symmetric."""
    if task in ASYMMETRIC and hasattr(model, "encode_query"):
        return model.encode_query, model.encode_document
    return model.encode, model.encode


def rank_rows(scores: list[float]) -> list[int]:
    """Indices by descending score (ties by index, so the order is stable)."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def hits(order: list[int], other_rank: dict[int, int], scores: list[float], held: HeldOut, query: str,
         k: int, threshold: float | None) -> list[dict]:
    """The top k of one model, each with its rank in the other model's ranking (what moved)."""
    relevant = held.relevant.get(query)
    out = []
    for i in order:
        text = held.corpus[i]
        if text == query:
            continue  # a held-out text always finds itself first; that says nothing
        hit = {"rank": len(out) + 1, "text": text, "score": scores[i], "other_rank": other_rank.get(i),
               "relevant": (i in relevant) if relevant is not None else None}
        if threshold is not None:
            hit["match"] = scores[i] >= threshold
        out.append(hit)
        if len(out) >= k:
            break
    return out


def ranks_without_query(order: list[int], held: HeldOut, query: str) -> dict[int, int]:
    ranks, r = {}, 0
    for i in order:
        if held.corpus[i] == query:
            continue
        r += 1
        ranks[i] = r
    return ranks


class Tryer:
    def __init__(self, held: HeldOut, model_ids: dict[str, str], load) -> None:
        """`load(name, model_id)` returns a SentenceTransformer (build.load_model for the base)."""
        self.held = held
        self.model_ids = model_ids
        self._load = load
        self._models: dict[str, object] = {}
        self._corpus: dict[str, object] = {}
        self.timings: dict[str, float] = {}

    def warm(self) -> None:
        for name in MODELS:
            self._embedded(name)

    def _embedded(self, name: str):
        if name not in self._corpus:
            started = time.monotonic()
            label = "base" if name == "base" else "fine-tuned"
            progress(f"Loading the {label} model ({self.model_ids[name]})…")
            model = self._load(name, self.model_ids[name])
            self._models[name] = model
            self.timings[f"load_{name}_s"] = round(time.monotonic() - started, 3)
            started = time.monotonic()
            progress(f"Encoding {len(self.held.corpus):,} held-out texts with the {label} model…")
            self._corpus[name] = encoders(model, self.held.task)[1](self.held.corpus, batch_size=64, convert_to_tensor=True,
                                              normalize_embeddings=True, show_progress_bar=False)
            self.timings[f"encode_{name}_s"] = round(time.monotonic() - started, 3)
        return self._models[name], self._corpus[name]

    def query(self, query: str, k: int = 10, text2: str | None = None,
              thresholds: dict[str, float | None] | None = None) -> dict:
        if not query.strip():
            raise ConfigError("The query is empty.", "Type a question or a text to search the held-out corpus for.")
        started = time.monotonic()
        thresholds = thresholds or {}
        scores, orders, pair = {}, {}, {}
        for name in MODELS:
            model, corpus = self._embedded(name)
            enc_query, enc_doc = encoders(model, self.held.task)
            opts = {"convert_to_tensor": True, "normalize_embeddings": True, "show_progress_bar": False}
            q = enc_query([query], **opts)
            if text2:
                import torch

                q = torch.cat([q, enc_doc([text2], **opts)])
            scores[name] = (corpus @ q[0]).tolist() if len(self.held.corpus) else []
            orders[name] = rank_rows(scores[name])
            if text2:
                sim = float(q[0] @ q[1])
                t = thresholds.get(name)
                pair[name] = {"similarity": sim, "threshold": t, "match": None if t is None else sim >= t}
        ranks = {name: ranks_without_query(orders[name], self.held, query) for name in MODELS}
        result: dict = {"query": query, "k": k, "task": self.held.task, "models": dict(self.model_ids),
                        "corpus_size": len(self.held.corpus), "corpus_total": self.held.total}
        for name, other in (("base", "finetuned"), ("finetuned", "base")):
            result[name] = {"model": self.model_ids[name],
                            "hits": hits(orders[name], ranks[other], scores[name], self.held, query, k,
                                         thresholds.get(name))}
        result["relevant"] = [{"text": self.held.corpus[i], "base_rank": ranks["base"].get(i),
                               "finetuned_rank": ranks["finetuned"].get(i)}
                              for i in sorted(self.held.relevant.get(query, ()))]
        if text2:
            gold = self.held.gold.get((query, text2))
            result["pair"] = {"text1": query, "text2": text2, "gold": gold, **pair}
        result["query_ms"] = round((time.monotonic() - started) * 1000, 1)
        return result

    def info(self) -> dict:
        return {"task": self.held.task, "models": dict(self.model_ids), "corpus_size": len(self.held.corpus),
                "corpus_total": self.held.total, "examples": self.held.examples, "timings": dict(self.timings)}
