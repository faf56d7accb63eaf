"""Column selection and ordering: the user's columns -> the loss's positional inputs."""
from __future__ import annotations

from .errors import ConfigError, MissingColumnError
from .jobspec import TEXT_ROLES, Column


def ordered_columns(columns: tuple[Column, ...] | list[Column]) -> list[Column]:
    """Texts first in the job's order (sentence-transformers passes them positionally),
    then the label/score column, which it finds by name."""
    texts = [c for c in columns if c.role in TEXT_ROLES]
    values = [c for c in columns if c.role not in TEXT_ROLES]
    if len(values) > 1:
        raise ConfigError("Job spec: at most one label/score column is allowed.")
    targets = [c.target for c in texts + values]
    if len(set(targets)) != len(targets):
        raise ConfigError(f"Job spec: duplicate column targets {targets}.")
    return texts + values


def check_columns(available: list[str], columns: list[Column]) -> None:
    missing = [c.source for c in columns if c.source not in available]
    if missing:
        raise MissingColumnError(missing, list(available))


def rename_plan(columns: list[Column]) -> tuple[dict[str, str], dict[str, str]]:
    """Two renames through temporary names, so swapping names (a->b, b->a) or renaming onto
    a name another selected column has never collides."""
    first = {c.source: f"__fte_col_{i}" for i, c in enumerate(columns)}
    second = {f"__fte_col_{i}": c.target for i, c in enumerate(columns)}
    return first, second


def text_targets(columns: list[Column]) -> list[str]:
    return [c.target for c in columns if c.role in TEXT_ROLES]


def value_target(columns: list[Column]) -> str | None:
    for c in columns:
        if c.role not in TEXT_ROLES:
            return c.target
    return None


def is_empty_text(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def empty_text_mask(array):
    """is_empty_text for every value of an Arrow (chunked) array, as a numpy bool array, without a
    Python object per value: a string whose first character is not whitespace (Python's own
    isspace, asked once per distinct first character) is not empty; only the few that start with
    whitespace are checked one by one."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    mask = np.asarray(pc.is_null(array).to_numpy(zero_copy_only=False), dtype=bool).copy()
    kind = array.type
    if not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        return mask  # numbers and the like: only a missing value is empty
    first = pc.utf8_slice_codeunits(array, 0, 1)
    starts = pc.unique(first).to_pylist()
    spacey = [c for c in starts if c is not None and (c == "" or c.isspace())]
    if spacey:
        suspect = np.flatnonzero(np.asarray(pc.is_in(first, value_set=pa.array(spacey, type=first.type)).to_numpy(zero_copy_only=False), dtype=bool))
        if len(suspect):
            values = array.take(pa.array(suspect)).to_pylist()
            mask[suspect[[is_empty_text(v) for v in values]]] = True
    return mask
