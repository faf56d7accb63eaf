"""Event emitter: one JSON object per stdout line behind MARKER, mirrored to DIR/events.jsonl.

The protocol is documented once, in gpu-templates/events.schema.json (generated from the
TypeScript zod schemas in src/core/events/protocol.ts); both sides test against it.
"""
from __future__ import annotations

import json
import math
import os
import sys
from datetime import datetime, timezone
from typing import Any, Callable, TextIO

PROTOCOL_VERSION = 1
# A fixed prefix so that library noise on stdout is never mistaken for an event.
MARKER = "@@fte@@ "
EVENTS_FILE = "events.jsonl"


def sanitize(value: Any) -> Any:
    """Make a value strict-JSON safe: NaN/±Infinity -> None, numpy/torch scalars -> Python."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): sanitize(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [sanitize(v) for v in value]
    # numpy / torch scalars expose .item(); avoid importing either library here.
    item = getattr(value, "item", None)
    if callable(item):
        try:
            return sanitize(item())
        except (TypeError, ValueError, RuntimeError):
            pass
    if hasattr(value, "__fspath__"):
        return os.fspath(value)
    return str(value)


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def last_seq(path: str) -> int:
    """Highest seq in an existing events file, so a resumed run continues the numbering."""
    best = 0
    try:
        with open(path, "r", encoding="utf-8") as fh:
            for line in fh:
                try:
                    seq = json.loads(line).get("seq")
                except (ValueError, AttributeError):
                    continue  # a torn last line after a crash must not stop the resume
                if isinstance(seq, int) and not isinstance(seq, bool) and seq > best:
                    best = seq
    except FileNotFoundError:
        return 0
    return best


def encode(event: dict) -> str:
    # ensure_ascii: container stdout may be ASCII-only; allow_nan=False is a last guard.
    return json.dumps(sanitize(event), ensure_ascii=True, allow_nan=False, separators=(",", ":"))


def parse_line(line: str) -> dict | None:
    """The event on a stdout line, or None for library output. Raises ValueError for a
    marked line that is not a JSON object."""
    at = line.find(MARKER)
    if at < 0:
        return None
    value = json.loads(line[at + len(MARKER):])
    if not isinstance(value, dict):
        raise ValueError("event is not a JSON object")
    return value


class Emitter:
    """Writes events. Disabled emitters (non-zero ranks) swallow everything."""

    def __init__(self, run_id: str, run_dir: str | None, stream: TextIO | None = None,
                 enabled: bool = True, clock: Callable[[], str] = utc_now) -> None:
        self.run_id = run_id
        self.clock = clock
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stdout
        self.path = os.path.join(run_dir, EVENTS_FILE) if run_dir else None
        self.seq = last_seq(self.path) if (self.path and enabled) else 0
        self.error_emitted = False

    def emit(self, type_: str, **fields: Any) -> dict | None:
        if not self.enabled:
            return None
        self.seq += 1
        event = {"v": PROTOCOL_VERSION, "run_id": self.run_id, "seq": self.seq,
                 "ts": self.clock(), "type": type_, **fields}
        line = encode(event)
        if self.path:
            try:
                os.makedirs(os.path.dirname(self.path), exist_ok=True)
                with open(self.path, "a", encoding="utf-8") as fh:
                    fh.write(line + "\n")
            except OSError as exc:  # stdout still carries the event; say so once on stderr
                print(f"fte: cannot append to {self.path}: {exc}", file=sys.stderr)
                self.path = None
        self.stream.write(MARKER + line + "\n")
        self.stream.flush()
        if type_ == "error":
            self.error_emitted = True
        return json.loads(line)
