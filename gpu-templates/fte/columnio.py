"""Whole columns of a datasets.Dataset as Python lists, at Arrow speed.

In datasets 5, `list(ds[name])` iterates a lazy Column row by row through the formatter (and
the indices mapping after a shuffle/select): ~1,000 rows/s in the doctor at 50k rows. Reading
the column as one Arrow array and converting it once is ~1,000x faster, in linear time."""
from __future__ import annotations


def column(data, name: str) -> list:
    """The column's values (the dataset's row order, after any select/shuffle)."""
    return data.with_format("arrow")[name].to_pylist()

