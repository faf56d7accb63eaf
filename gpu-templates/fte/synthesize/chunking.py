"""Chunks counted in the base model's own tokens: windows of `tokens` with `overlap`, cut back to
the document's characters (the chunk is a slice of the original text, not a detokenisation)."""
from __future__ import annotations

from dataclasses import dataclass

from .documents import Document


@dataclass(frozen=True)
class Chunk:
    source: str
    index: int  # position within its document
    start: int  # character offsets in the document's text
    end: int
    text: str


def windows(n: int, size: int, overlap: int) -> list[tuple[int, int]]:
    """[start, end) token windows covering n tokens; the last one ends at n."""
    if n <= size:
        return [(0, n)] if n else []
    step = size - overlap
    out = []
    start = 0
    while True:
        end = min(start + size, n)
        out.append((start, end))
        if end == n:
            return out
        start += step


def snap(words: list, a: int, b: int) -> tuple[int, int]:
    """The window [a, b) shrunk to whole words: a word cut in two re-tokenises differently (and
    longer). A single word longer than the window is kept whole-window as it is."""
    a2, b2 = a, b
    while 0 < a2 < b2 and words[a2] is not None and words[a2] == words[a2 - 1]:
        a2 += 1
    while a2 < b2 < len(words) and words[b2] is not None and words[b2] == words[b2 - 1]:
        b2 -= 1
    return (a2, b2) if a2 < b2 else (a, b)


def chunk_documents(docs: list[Document], tokenizer, size: int, overlap: int, batch: int = 256) -> list[Chunk]:
    chunks: list[Chunk] = []
    for i in range(0, len(docs), batch):
        part = docs[i:i + batch]
        enc = tokenizer([d.text for d in part], add_special_tokens=False, return_offsets_mapping=True,
                        truncation=False, verbose=False)
        for j, (doc, offsets) in enumerate(zip(part, enc["offset_mapping"])):
            words = enc.word_ids(j)
            for n, (a, b) in enumerate(windows(len(offsets), size, overlap)):
                a, b = snap(words, a, b)
                start, end = offsets[a][0], offsets[b - 1][1]
                text = doc.text[start:end].strip()
                if text:
                    chunks.append(Chunk(doc.source, n, start, end, text))
    return chunks
