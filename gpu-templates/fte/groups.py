"""What must stay on one side of a split (no leakage by default).

Pair and paraphrase tasks (text1, text2): connected components over both text columns, so no
text is on both sides, even as text1 in one row and text2 in another. Retrieval and triplets:
rows grouped by anchor, so no query is both trained on and tested. dataset.split_by overrides
with its own column. Pure Python; unit-tested."""
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


def group_keys(job, data) -> list | None:
    """One key per row of the prepared `data` (target column names); None = no grouping."""
    split_by = job.dataset.get("split_by")
    if split_by:
        return column(data, split_by)
    roles = {c.role: c.target for c in job.columns}
    if "text1" in roles and "text2" in roles:
        return components(column(data, roles["text1"]), column(data, roles["text2"]))
    if "anchor" in roles:
        return column(data, roles["anchor"])
    return None


def grouping_name(job) -> str:
    """How the split groups rows, in words for messages."""
    if job.dataset.get("split_by"):
        return f"dataset.split_by ({job.dataset['split_by']})"
    roles = {c.role for c in job.columns}
    if {"text1", "text2"} <= roles:
        return "rows sharing a text (connected components over text1 and text2)"
    return "anchor" if "anchor" in roles else "row"
