"""The documents a synthesize step reads: globs relative to the config; .md .txt .rst as text,
.html as its visible text, .jsonl one document per line (a named column)."""
from __future__ import annotations

import glob
import json
import os
from dataclasses import dataclass
from html.parser import HTMLParser

from ..errors import DatasetError

TEXT_EXTENSIONS = (".md", ".markdown", ".txt", ".rst")
EXTENSIONS = TEXT_EXTENSIONS + (".html", ".htm", ".jsonl")


@dataclass(frozen=True)
class Document:
    source: str  # the file relative to the config (plus #line for jsonl)
    text: str


def matched_files(config_dir: str, patterns: tuple[str, ...]) -> list[str]:
    files: dict[str, None] = {}
    for pattern in patterns:
        full = pattern if os.path.isabs(pattern) else os.path.join(config_dir, pattern)
        for path in sorted(glob.glob(full, recursive=True)):
            if os.path.isfile(path) and path.lower().endswith(EXTENSIONS):
                files[os.path.normpath(path)] = None
    if not files:
        raise DatasetError(f"dataset.synthesize.documents matched no readable file ({', '.join(patterns)}, "
                           f"relative to {config_dir}).",
                           f"Point dataset.synthesize.documents at {', '.join(EXTENSIONS)} files, e.g. docs/**/*.md.")
    return list(files)


def read_documents(config_dir: str, patterns: tuple[str, ...], column: str) -> list[Document]:
    """Every document once: an exact repeat of an earlier document's text is skipped."""
    seen: set[str] = set()
    out: list[Document] = []
    for path in matched_files(config_dir, patterns):
        rel = os.path.relpath(path, config_dir)
        for source, text in _read(path, rel, column):
            text = text.strip()
            if text and text not in seen:
                seen.add(text)
                out.append(Document(source, text))
    return out


def _read(path: str, rel: str, column: str):
    with open(path, encoding="utf-8", errors="replace") as fh:
        raw = fh.read()
    low = path.lower()
    if low.endswith(".jsonl"):
        yield from _jsonl(raw, rel, column)
    elif low.endswith((".html", ".htm")):
        yield rel, html_text(raw)
    else:
        yield rel, raw


def _jsonl(raw: str, rel: str, column: str):
    for n, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{rel} line {n} is not JSON ({exc.msg}).",
                               "Each line of a .jsonl document file must be one JSON object.") from None
        if not isinstance(row, dict) or column not in row:
            have = ", ".join(sorted(row)) if isinstance(row, dict) else type(row).__name__
            raise DatasetError(f"{rel} line {n} has no {column!r} field (it has: {have}).",
                               "Set dataset.synthesize.column to the field that holds the document text.")
        if isinstance(row[column], str):
            yield f"{rel}#{n}", row[column]


class _Visible(HTMLParser):
    SKIP = {"script", "style", "head", "noscript"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1
        elif tag in ("p", "div", "li", "h1", "h2", "h3", "h4", "tr", "br", "section"):
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def html_text(raw: str) -> str:
    parser = _Visible()
    parser.feed(raw)
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
