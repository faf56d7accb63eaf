"""What must stay on one side of a split (no leakage by default).

Pair and paraphrase tasks (text1, text2): connected components over both text columns, so no
text is on both sides, even as text1 in one row and text2 in another. Retrieval and triplets:
rows grouped by anchor, so no query is both trained on and tested. dataset.split_by overrides
with its own column. Keys are integer codes from Arrow's hash kernel and the components come from
scipy's connected_components, so grouping 2M pairs holds no Python string per text; the pure
Python components() is the reference they are tested against."""
from __future__ import annotations

from .columnio import column


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


def codes(*arrays, nulls: bool = False) -> list | None:
    """Per Arrow array, its values' codes in one shared code space: equal values, equal codes,
    numbered in order of first appearance (as a dict keyed by the values would number them).
    None when the arrays are not of one type, or hold nulls (unless `nulls`: then every null gets
    one code after the values', as a dict would file every None under one key)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    chunks = [c for a in arrays for c in (a.chunks if isinstance(a, pa.ChunkedArray) else [a])]
    try:
        joined = pa.chunked_array(chunks)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None
    if joined.null_count and not nulls:
        return None
    # One memo table across chunks: every chunk shares the dictionary, in first-appearance order.
    encoded = pc.dictionary_encode(joined)
    null_code = len(encoded.chunks[0].dictionary) if encoded.num_chunks else 0
    flat = np.concatenate([c.indices.fill_null(null_code).to_numpy(zero_copy_only=False).astype(np.int64) for c in encoded.chunks]) \
        if encoded.num_chunks else np.zeros(0, dtype=np.int64)
    out, at = [], 0
    for a in arrays:
        out.append(flat[at:at + len(a)])
        at += len(a)
    return out


# One prepare() groups and deduplicates the same columns of one Arrow table several times (the
# test split, the validation split, drop_duplicates): their codes are computed once per table.
_TABLE_CODES: list = []


def row_codes(data, names: list[str]) -> list | None:
    """codes() of the columns `names` for the rows of `data` (after any select or split), computed
    once over the dataset's whole Arrow table and taken through its indices mapping; nulls share
    one code. None when the columns are not of one type."""
    import numpy as np

    try:
        columns = [data.data.column(n) for n in names]
    except (AttributeError, KeyError):
        return None
    # datasets wraps the table anew on every select, so the same table is known by its columns'
    # Arrow buffers (shared, never copied by a select); the entry holds them, so no other column
    # can reuse their addresses while it is cached.
    key = (tuple(names), tuple(_buffers(c) for c in columns))
    hit = next((found for k, _, found in _TABLE_CODES if k == key), False)
    if hit is False:
        hit = codes(*columns, nulls=True)
        _TABLE_CODES[:] = [(key, columns, hit)]  # one entry: the table in use
    if hit is None:
        return None
    indices = getattr(data, "_indices", None)
    if indices is None:
        return hit
    rows = np.asarray(indices.column(0).to_numpy(zero_copy_only=False), dtype=np.int64)
    return [c[rows] for c in hit]


def _buffers(col) -> tuple:
    """A column's identity: its length and the addresses of its first and last chunks' buffers."""
    if not col.num_chunks:
        return (0,)
    ends = (col.chunk(0), col.chunk(col.num_chunks - 1))
    return (len(col), col.num_chunks, *(b.address if b is not None else 0 for c in ends for b in c.buffers()))


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
    return first_appearance_ids(labels[first]).tolist()


def first_appearance_ids(keys):
    """Per row, its key's number in order of first appearance (an int64 array): integer keys
    through numpy, others through a dict."""
    import numpy as np

    if isinstance(keys, np.ndarray) or all(type(k) is int for k in keys):
        arr = np.asarray(keys, dtype=np.int64)
        if not len(arr):
            return arr
        _, first, inverse = np.unique(arr, return_index=True, return_inverse=True)
        rank = np.empty(len(first), dtype=np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(len(first))
        return rank[inverse].reshape(-1)
    ids: dict = {}
    return np.asarray([ids.setdefault(k, len(ids)) for k in keys], dtype=np.int64)


def group_keys(job, data) -> list | None:
    """One key per row of the prepared `data` (target column names); None = no grouping. Equal
    keys, equal groups: the split depends only on which rows share a key and the order in which
    keys first appear, so integer codes split exactly as the values themselves would."""
    split_by = job.dataset.get("split_by")
    roles = {c.role: c.target for c in job.columns}
    if not split_by and "text1" in roles and "text2" in roles:
        found = row_codes(data, [roles["text1"], roles["text2"]])
        if found is not None:
            return components_of_codes(*found)
        return components(column(data, roles["text1"]), column(data, roles["text2"]))
    name = split_by or roles.get("anchor")
    if name is None:
        return None
    found = row_codes(data, [name])
    return found[0] if found is not None else column(data, name)


def grouping_name(job) -> str:
    """How the split groups rows, in words for messages."""
    if job.dataset.get("split_by"):
        return f"dataset.split_by ({job.dataset['split_by']})"
    roles = {c.role for c in job.columns}
    if {"text1", "text2"} <= roles:
        return "rows sharing a text (connected components over text1 and text2)"
    return "anchor" if "anchor" in roles else "row"
