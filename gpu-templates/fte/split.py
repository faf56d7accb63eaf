"""A held-out split: whole groups held out (fte/groups.py: no text on both sides by default)."""
from __future__ import annotations

import random

from .errors import DatasetError
from .sampling import split_counts


def grouped_indices(keys: list, n_eval: int, seed: int) -> tuple[list[int], list[int]]:
    """(train, eval) row indices holding out whole groups of equal keys, shuffled with `seed`,
    until at least `n_eval` rows are held out. A group larger than twice what is still needed
    is passed over while smaller ones remain (one giant component would otherwise swallow the
    split). Each index list keeps the data's order."""
    groups: dict = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    order = list(groups)
    random.Random(seed).shuffle(order)
    held: list[int] = []
    skipped = []
    for key in order:
        if len(held) >= n_eval:
            break
        if len(groups[key]) > 2 * max(1, n_eval - len(held)):
            skipped.append(key)
            continue
        held.extend(groups[key])
    for key in skipped:  # only when the small groups did not reach n_eval
        if len(held) >= n_eval:
            break
        held.extend(groups[key])
    if len(held) >= len(keys):
        raise DatasetError(f"Cannot hold out whole groups: the {len(keys)} rows form only {len(groups)} groups "
                           "that must each stay on one side of the split.",
                           "Remove dataset.split_by, use data with more distinct anchors/texts, or a smaller test_size.")
    eval_set = set(held)
    return [i for i in range(len(keys)) if i not in eval_set], sorted(held)


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
    return data.select(train_idx), data.select(eval_idx)
