"""Mining guards. Rules followed: sentence-transformers' dataset_formats.md, "Filtering false
negatives" (relative_margin 0.05: a negative must score at least 5% below its positive), and the
library's mine_hard_negatives example (range_min 10: "Skip the x most similar samples", which in a
large corpus are often unlabelled positives). A floor of 10 in a corpus of a few hundred passages
would skip exactly the hard negatives worth mining, so the automatic floor is 0.1% of the corpus,
at most 10."""
from __future__ import annotations

DEFAULT_RELATIVE_MARGIN = 0.05
MAX_FLOOR = 10
# A similarity chunk of queries x corpus float32 scores stays under this many bytes.
CHUNK_BYTES = 1 << 30
LIBRARY_CHUNK = 16384
# A mined negative scoring within this of its positive (or above it) is probably a positive.
SUSPECT_GAP = 0.01
SUSPECT_SHARE = 0.05


def rank_floor(range_min, corpus_size: int) -> int:
    """`range_min` as configured, or (None) the automatic floor for this corpus."""
    if range_min is not None:
        return int(range_min)
    return min(MAX_FLOOR, corpus_size // 1000)


def query_chunk(corpus_size: int, budget: int = CHUNK_BYTES) -> int:
    """Queries scored at once so the (chunk x corpus) score matrix fits `budget`; the library's
    default of 16,384 queries against a 1M-passage corpus would need 64 GB."""
    return max(1, min(LIBRARY_CHUNK, budget // (4 * max(1, corpus_size))))


def estimate_seconds(queries: int, corpus: int, encode_rate: float, score_rate: float) -> float:
    """How long mining takes: every query and passage encoded at the measured texts/s, then every
    query scored against the whole corpus at the measured scores/s. The library's search is exact
    (queries x corpus scores) and runs on the CPU (it converts the embeddings to numpy), so at size
    the search, not the encode, is what grows fastest."""
    return (queries + corpus) / max(encode_rate, 1e-9) + queries * corpus / max(score_rate, 1e-9)


def memory_note(queries: int, corpus: int, dim: int) -> str:
    """What mining holds at once: the embeddings of every query and passage (n x dim float32, which
    exact search cannot avoid) and one bounded chunk of scores."""
    emb_mb = (queries + corpus) * dim * 4 / (1 << 20)  # MB as stepmeter's peak memory: MiB
    chunk = min(query_chunk(corpus), max(1, queries))
    return (f"holds {queries + corpus:,} embeddings x {dim} float32 ({emb_mb:,.0f} MB, unavoidable for exact search) "
            f"and scores {chunk:,} queries x {corpus:,} passages at a time ({chunk * corpus * 4 / (1 << 20):,.0f} MB, "
            f"at most {CHUNK_BYTES >> 20:,} MB)")


def suspects(pairs: list[tuple[float, list[float]]]) -> int:
    """Rows whose hardest mined negative scores within SUSPECT_GAP of the positive, or above it."""
    return sum(1 for pos, negs in pairs if negs and max(negs) >= pos - SUSPECT_GAP)


def warn_false_negatives(ctx, rows: int, suspect_rows: int) -> None:
    if not rows or suspect_rows / rows < SUSPECT_SHARE:
        return
    ctx.warn_once("hard_negatives_false_negatives",
                  f"In {suspect_rows} of {rows} training rows the mined negative scores within {SUSPECT_GAP} of the "
                  "positive, or above it: many are probably unlabelled positives (false negatives), and training "
                  "would push apart texts that belong together.",
                  "Set training.hard_negatives.relative_margin (e.g. 0.05) or max_score, or raise range_min to skip "
                  "the most similar passages.")
