"""The held-out split: datasets' random split, or whole groups (dataset.split_by) held out."""
from __future__ import annotations

import random

from .errors import DatasetError
from .sampling import split_counts


def grouped_indices(keys: list, n_eval: int, seed: int) -> tuple[list[int], list[int]]:
    """(train, eval) row indices holding out whole groups of equal keys, shuffled with `seed`,
    until at least `n_eval` rows are held out. Each index list keeps the data's order."""
    groups: dict = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    order = list(groups)
    random.Random(seed).shuffle(order)
    held: list[int] = []
    for key in order:
        if len(held) >= n_eval:
            break
        held.extend(groups[key])
    if len(held) >= len(keys):
        raise DatasetError(f"Cannot hold out whole groups: the {len(keys)} rows have only {len(groups)} distinct "
                           "values in the dataset.split_by column.",
                           "Remove dataset.split_by, or use data with more distinct anchors.")
    eval_set = set(held)
    return [i for i in range(len(keys)) if i not in eval_set], sorted(held)


def split(data, test_size: float, seed: int, split_by: str | None = None):
    """(train, eval) as training uses them. Without split_by this is exactly datasets'
    train_test_split(test_size=ceil(n * test_size), seed=seed)."""
    _, n_eval = split_counts(len(data), test_size)
    if not split_by:
        parts = data.train_test_split(test_size=n_eval, seed=seed)
        return parts["train"], parts["test"]
    train_idx, eval_idx = grouped_indices(list(data[split_by]), n_eval, seed)
    return data.select(train_idx), data.select(eval_idx)
