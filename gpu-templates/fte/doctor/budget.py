"""How much of a dataset the doctor can hold here. It needs about PER_BYTE times the dataset's
Arrow size on top of the libraries (measured at 2M pairs: 2.4 GB peak for a 362 MB file, of
which ~200 MB is the imports), and it takes at most BUDGET_SHARE of the memory free when it
starts. Over that it checks the first rows that fit and says so (the first rows, so the row
numbers in its findings stay the file's); training still reads every row."""
from __future__ import annotations

import os

BASE_MB = 200
PER_BYTE = 6.5
BUDGET_SHARE = 0.6
# Tests (and a user who knows better) can set the free memory the doctor assumes, in MB.
MEMORY_ENV = "FTE_DOCTOR_MEMORY_MB"


def available_mb() -> int | None:
    """Memory free now, in MB; None when it cannot be read (then nothing is capped)."""
    if os.environ.get(MEMORY_ENV):
        return int(os.environ[MEMORY_ENV])
    try:
        import psutil
    except ImportError:
        return None
    return int(psutil.virtual_memory().available // 2**20)


def need_mb(nbytes: int) -> float:
    """The doctor's expected peak for a dataset of `nbytes` (its Arrow size)."""
    return BASE_MB + PER_BYTE * nbytes / 2**20


def rows_that_fit(rows: int, nbytes: int, available: int | None) -> int:
    """All `rows` when the check fits BUDGET_SHARE of `available`, else the share of them that does."""
    if available is None or rows == 0:
        return rows
    budget = BUDGET_SHARE * available
    need = need_mb(nbytes)
    if need <= budget:
        return rows
    return max(1, min(rows, int(rows * max(0.0, budget - BASE_MB) / (need - BASE_MB))))
