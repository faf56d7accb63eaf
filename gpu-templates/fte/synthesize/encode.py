"""Embeddings through the cache: only texts never encoded with this model are encoded."""
from __future__ import annotations

import numpy as np

from .cache import Cache, key


class Encoder:
    def __init__(self, model, model_id: str, cache: Cache, batch_size: int = 64) -> None:
        self.model, self.model_id, self.cache, self.batch_size = model, model_id, cache, batch_size
        self.encoded = 0  # texts encoded in this process (the rest came from the cache)

    def __call__(self, texts: list[str], on_batch=None) -> np.ndarray:
        keys = [key("emb", self.model_id, t) for t in texts]
        have = self.cache.get_embeddings(list(dict.fromkeys(keys)))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in have))
        # Longest first across all of them, as one model.encode call would: a piece of similar lengths
        # pads little (cut in pieces unsorted, each piece pads to its own longest text).
        missing.sort(key=len, reverse=True)
        step = self.batch_size * 16  # commit to the cache as we go: Cancel loses little
        for i in range(0, len(missing), step):
            part = missing[i:i + step]
            vecs = self.model.encode(part, batch_size=self.batch_size, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=False)
            new = {key("emb", self.model_id, t): v.astype(np.float32) for t, v in zip(part, vecs)}
            self.cache.put_embeddings(new)
            have.update(new)
            self.encoded += len(part)
            if on_batch:
                on_batch(len(part))
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([have[k] for k in keys])
