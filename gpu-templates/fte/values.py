"""Label and score values: the config's label_map / score_range, and what counts as 0/1.
Pure Python, shared by data.prepare (training) and the data doctor."""
from __future__ import annotations

import math

from .errors import DatasetError

BINARY = (0, 1)


def label_key(value: object) -> str:
    """How a raw label is looked up in dataset.label_map: case-insensitive text; 1.0 -> "1"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value).strip().lower()


def is_binary(value: object) -> bool:
    return not isinstance(value, str) and value is not None and value in BINARY


def map_label(value: object, label_map: dict) -> object:
    """The mapped label, or the raw value when the map does not cover it (reported elsewhere)."""
    if value is None:
        return None
    mapped = label_map.get(label_key(value))
    return value if mapped is None else mapped


def unmapped_labels(values, mapping: dict) -> list[str]:
    """Label values (repr, at most 5) that the map leaves as something other than 0/1."""
    return sorted({repr(v) for v in values if v is not None and not is_binary(map_label(v, mapping))})[:5]


def normalised_map(label_map: dict | None) -> dict:
    return {label_key(k): int(v) for k, v in (label_map or {}).items()}


def as_float(value: object) -> float | None:
    """A score as a float, or None when it is not a finite number (text, null, NaN)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    try:
        x = float(str(value).strip())
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def check_score_range(score_range: object) -> tuple[float, float]:
    if (not isinstance(score_range, (list, tuple)) or len(score_range) != 2
            or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in score_range)
            or not score_range[0] < score_range[1]):
        raise DatasetError(f"dataset.score_range must be [low, high] with low < high, got {score_range!r}.",
                           "Write the range your scores use, e.g. score_range: [0, 5].")
    return float(score_range[0]), float(score_range[1])


def normalise_score(value: object, low: float, high: float) -> object:
    x = as_float(value)
    return value if x is None else (x - low) / (high - low)
