"""Every chunk's result by content hash, in one SQLite file: the generated queries (keyed by the
generator's settings and the chunk text) and embeddings (keyed by the model and the text). A
rerun, or a run resumed after Cancel, generates and encodes only what is not there yet."""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3

import numpy as np


def key(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


class Cache:
    def __init__(self, folder: str) -> None:
        os.makedirs(folder, exist_ok=True)
        self.db = sqlite3.connect(os.path.join(folder, "cache.sqlite"))
        self.db.execute("CREATE TABLE IF NOT EXISTS gen (k TEXT PRIMARY KEY, v TEXT)")
        self.db.execute("CREATE TABLE IF NOT EXISTS emb (k TEXT PRIMARY KEY, dim INTEGER, v BLOB)")

    def get_generated(self, keys: list[str]) -> dict[str, list]:
        return {k: json.loads(v) for k, v in self._select("gen", "v", keys)}

    def put_generated(self, items: dict[str, list]) -> None:
        self.db.executemany("INSERT OR REPLACE INTO gen VALUES (?, ?)", [(k, json.dumps(v)) for k, v in items.items()])
        self.db.commit()

    def get_embeddings(self, keys: list[str]) -> dict[str, np.ndarray]:
        return {k: np.frombuffer(v, dtype=np.float32) for k, v in self._select("emb", "v", keys)}

    def put_embeddings(self, items: dict[str, np.ndarray]) -> None:
        rows = [(k, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()]
        self.db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?, ?)", rows)
        self.db.commit()

    def _select(self, table: str, col: str, keys: list[str]):
        out = []
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            marks = ",".join("?" * len(part))
            out += self.db.execute(f"SELECT k, {col} FROM {table} WHERE k IN ({marks})", part).fetchall()
        return out

    def close(self) -> None:
        self.db.close()
