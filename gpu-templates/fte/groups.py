"""What must stay on one side of a split (no leakage by default).

Pair and paraphrase tasks (text1, text2): connected components over both text columns, so no
text is on both sides, even as text1 in one row and text2 in another. Retrieval and triplets:
rows grouped by anchor, so no query is both trained on and tested. dataset.split_by overrides
with its own column. Keys are integer codes from Arrow's hash kernel and the components come from
scipy's connected_components, so grouping 2M pairs holds no Python string per text; the pure
Python components() is the reference they are tested against."""
from __future__ import annotations

from .columnio import arrow_column, column


def components(first: list, second: list) -> list[int]:
    """Per row, the id of its connected component, where rows connect when they share a text."""
    parent: dict = {}

    def find(x):
        root = x
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    # Keyed by the texts themselves: the dict holds references to the column's strings, no copies.
    for a, b in zip(first, second):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[ra] = rb
    ids: dict = {}
    return [ids.setdefault(find(a), len(ids)) for a in first]


def codes(*arrays) -> list | None:
    """Per Arrow array, its values' codes in one shared code space: equal values, equal codes,
    numbered in order of first appearance (as a dict keyed by the values would number them).
    None when the arrays are not of one type or hold nulls (the caller uses the values)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    chunks = [c for a in arrays for c in (a.chunks if isinstance(a, pa.ChunkedArray) else [a])]
    try:
        joined = pa.chunked_array(chunks)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if joined.null_count:
        return None
    # One memo table across chunks: every chunk shares the dictionary, in first-appearance order.
    encoded = pc.dictionary_encode(joined)
    flat = np.concatenate([c.indices.to_numpy(zero_copy_only=False).astype(np.int64) for c in encoded.chunks]) \
        if encoded.num_chunks else np.zeros(0, dtype=np.int64)
    out, at = [], 0
    for a in arrays:
        out.append(flat[at:at + len(a)])
        at += len(a)
    return out


def components_of_codes(first, second) -> list[int]:
    """components() over integer codes, by scipy's connected_components: the same ids (numbered
    by the row where each component first appears), in C rather than a Python dict of texts."""
    import numpy as np
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if not len(first):
        return []
    n = int(max(first.max(), second.max())) + 1
    graph = coo_matrix((np.ones(len(first), dtype=np.int32), (first, second)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    per_row = labels[first]
    _, first_row, inverse = np.unique(per_row, return_index=True, return_inverse=True)
    rank = np.empty(len(first_row), dtype=np.int64)
    rank[np.argsort(first_row, kind="stable")] = np.arange(len(first_row))
    return rank[inverse].tolist()


def group_keys(job, data) -> list | None:
    """One key per row of the prepared `data` (target column names); None = no grouping. Equal
    keys, equal groups: the split depends only on which rows share a key and the order in which
    keys first appear, so integer codes split exactly as the values themselves would."""
    split_by = job.dataset.get("split_by")
    roles = {c.role: c.target for c in job.columns}
    if not split_by and "text1" in roles and "text2" in roles:
        found = codes(arrow_column(data, roles["text1"]), arrow_column(data, roles["text2"]))
        if found is not None:
            return components_of_codes(*found)
        return components(column(data, roles["text1"]), column(data, roles["text2"]))
    name = split_by or roles.get("anchor")
    if name is None:
        return None
    found = codes(arrow_column(data, name))
    return found[0].tolist() if found is not None else column(data, name)


def grouping_name(job) -> str:
    """How the split groups rows, in words for messages."""
    if job.dataset.get("split_by"):
        return f"dataset.split_by ({job.dataset['split_by']})"
    roles = {c.role for c in job.columns}
    if {"text1", "text2"} <= roles:
        return "rows sharing a text (connected components over text1 and text2)"
    return "anchor" if "anchor" in roles else "row"
