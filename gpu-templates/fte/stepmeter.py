"""What each data step costs, on stderr (stdout carries events and the doctor's JSON):
`[data] split: 2,000,000 rows in 41.2 s (48,500 rows/s), peak memory 3,120 MB`. A step over
SLOW_ROWS says so before it starts, with a time from the rate measured by `npm run bench`."""
from __future__ import annotations

import resource
import sys
import time
from contextlib import contextmanager

SLOW_ROWS = 1_000_000
# A step whose own estimate (e.g. mining's, from a warm-up) passes this says so before it starts.
SLOW_SECONDS = 30
# Rows per second of the doctor (the slower of the two) at 2M pairs on a 2-core machine
# (docs/development.md, "Data at size"); only used to say roughly how long a large step will take.
MEASURED_RATE = 100_000


def peak_mb() -> int:
    """This process's peak resident memory so far, in MB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def say(line: str) -> None:
    sys.stderr.write(f"[data] {line}\n")
    sys.stderr.flush()


class Meter:
    """What a step yields: set `rows` when it is known only at the end (reading a file)."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.seconds = 0.0


@contextmanager
def step(name: str, rows: int = 0, estimate: float | None = None, basis: str = ""):
    """`estimate`: the step's own time estimate in seconds (with its `basis`), instead of the
    data steps' measured rate."""
    if estimate is not None:
        if estimate >= SLOW_SECONDS:
            say(f"{name}: {rows:,} rows, this takes a while (about {round(estimate):,} s{', ' + basis if basis else ''})")
    elif rows >= SLOW_ROWS:
        say(f"{name}: {rows:,} rows, this takes a while (about {max(1, round(rows / MEASURED_RATE))} s at ~{MEASURED_RATE:,} rows/s)")
    meter = Meter(rows)
    t0 = time.perf_counter()
    yield meter
    meter.seconds = secs = max(time.perf_counter() - t0, 1e-6)
    say(f"{name}: {meter.rows:,} rows in {secs:.1f} s ({meter.rows / secs:,.0f} rows/s), peak memory {peak_mb():,} MB")
