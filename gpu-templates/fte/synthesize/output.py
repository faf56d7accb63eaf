"""The files a synthesize step writes, each atomically (a cancelled run leaves the old file)."""
from __future__ import annotations

import json
import os


def write_jsonl(path: str, rows) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def dropped_path(out: str) -> str:
    """Beside the output: the dropped queries with the filter's verdict, for review."""
    stem = out[:-6] if out.endswith(".jsonl") else out
    return stem + ".dropped.jsonl"
