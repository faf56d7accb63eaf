"""The held-out split by document: no chunk of a test document trains. Drawn once, then frozen:
the manifest keeps the test documents and the test file's hash, and later runs (new documents,
a new generator) leave the test questions alone, so synthesis never grades its own homework."""
from __future__ import annotations

import hashlib
import json
import math
import os
import random

from ..errors import DatasetError


def file_hash(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_manifest(path: str) -> dict | None:
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def draw_test_documents(sources: list[str], test_size: float, seed: int) -> list[str]:
    """About test_size of the documents (at least one, never all), seeded."""
    if len(sources) < 2:
        raise DatasetError(f"dataset.synthesize found {len(sources)} document; a held-out split by document needs two or more.",
                           "Add documents, or give real test questions in dataset.eval (then every document trains).")
    order = sorted(sources)
    random.Random(seed).shuffle(order)
    n = min(len(order) - 1, max(1, math.ceil(len(order) * test_size)))
    return sorted(order[:n])


def frozen_test(manifest: dict | None, test_out: str) -> list[str] | None:
    """The frozen test documents, or None when no test set was written yet. Raises when the test
    file changed behind the manifest's back (or went missing)."""
    if not manifest or not manifest.get("test_documents"):
        return None
    if not os.path.exists(test_out):
        raise DatasetError(f"The frozen synthetic test set {test_out} is missing.",
                           "Restore it, or delete its manifest to draw a new test set (its scores will not compare with earlier runs).")
    if file_hash(test_out) != manifest.get("test_hash"):
        raise DatasetError(f"The synthetic test questions in {test_out} changed since they were frozen.",
                           "Restore the file, or delete the manifest to draw a new test set (its scores will not compare with earlier runs).")
    return list(manifest["test_documents"])


def write_manifest(path: str, manifest: dict) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(manifest, fh, indent=2)
    os.replace(tmp, path)
