"""A held-out split: whole groups held out (fte/groups.py: no text on both sides by default)."""
from __future__ import annotations

import random

from .errors import DatasetError
from .groups import first_appearance_ids
from .sampling import split_counts


def grouped_indices(keys, n_eval: int, seed: int) -> tuple[list[int], list[int]]:
    """(train, eval) row indices holding out whole groups of equal keys, shuffled with `seed`,
    until at least `n_eval` rows are held out. A group larger than twice what is still needed
    is passed over while smaller ones remain (one giant component would otherwise swallow the
    split). Each index list keeps the data's order. Groups are numbered by first appearance and
    shuffled as a list of that length (the permutation depends only on the length and the seed),
    then rows are picked with numpy: the same split as a dict of row lists per key, without one."""
    import numpy as np

    g = first_appearance_ids(keys)
    sizes = np.bincount(g).tolist() if len(g) else []
    order = list(range(len(sizes)))
    random.Random(seed).shuffle(order)
    chosen: list[int] = []
    skipped = []
    held = 0
    for gid in order:
        if held >= n_eval:
            break
        if sizes[gid] > 2 * max(1, n_eval - held):
            skipped.append(gid)
            continue
        chosen.append(gid)
        held += sizes[gid]
    for gid in skipped:  # only when the small groups did not reach n_eval
        if held >= n_eval:
            break
        chosen.append(gid)
        held += sizes[gid]
    if held >= len(g):
        raise DatasetError(f"Cannot hold out whole groups: the {len(g)} rows form only {len(sizes)} groups "
                           "that must each stay on one side of the split.",
                           "Remove dataset.split_by, use data with more distinct anchors/texts, or a smaller test_size.")
    picked = np.zeros(len(sizes), dtype=bool)
    picked[chosen] = True
    in_eval = picked[g]
    return np.flatnonzero(~in_eval).tolist(), np.flatnonzero(in_eval).tolist()


def split(data, test_size: float, seed: int, keys: list | None = None, max_rows: int | None = None):
    """(train, eval) as training uses them. `keys` (fte/groups.py): rows with equal keys stay on
    one side. `max_rows` caps the held-out rows (the rest stay in train). Without keys this is
    exactly datasets' train_test_split(test_size=min(ceil(n * test_size), max_rows), seed=seed)."""
    _, n_eval = split_counts(len(data), test_size)
    if max_rows is not None:
        n_eval = min(n_eval, max_rows)
    if keys is None:
        parts = data.train_test_split(test_size=n_eval, seed=seed)
        return parts["train"], parts["test"]
    train_idx, eval_idx = grouped_indices(keys, n_eval, seed)
    return select_rows(data, train_idx), select_rows(data, eval_idx)


def select_rows(data, indices: list[int]):
    """data.select(indices) with a fingerprint from the indices' bytes: datasets would otherwise
    fingerprint a list of 1.8M ints by pickling it, one int at a time (15 s of a 27 s split)."""
    import hashlib

    import numpy as np

    h = hashlib.sha256(data._fingerprint.encode())
    h.update(np.asarray(indices, dtype=np.int64).tobytes())
    return data.select(indices, new_fingerprint=h.hexdigest()[:32])

