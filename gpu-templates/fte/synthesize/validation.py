"""Validation rows of synthesized data are scored like the test set: against whole chunks. A
training row's positive is its chunk with the query cut out (ict); as a validation positive that
would compete with the whole chunk, which holds the query word for word, and lose."""
from __future__ import annotations

import json


def whole_chunk_positives(path: str, validation, row_column: str):
    """`validation` with each positive replaced by its row's `context` (the whole chunk) from the file."""
    with open(path, encoding="utf-8") as fh:
        contexts = [json.loads(line).get("context") for line in fh if line.strip()]

    def whole(row):
        n = row[row_column] - 1
        return {"positive": contexts[n] if 0 <= n < len(contexts) and contexts[n] else row["positive"]}
    return validation.map(whole)
