"""Progress on stderr (what the extension shows with Cancel): counts, rate and ETA."""
from __future__ import annotations

import time

from ..toolio import progress as say


class Progress:
    def __init__(self, every: float = 1.0, clock=time.monotonic) -> None:
        self.every, self.clock = every, clock
        self.stage, self.total, self.done, self.t0, self.last = "", 0, 0, 0.0, 0.0

    def start(self, stage: str, total: int) -> None:
        self.stage, self.total, self.done = stage, total, 0
        self.t0 = self.last = self.clock()
        if total:
            say(f"{stage}: 0/{total}")

    def step(self, n: int = 1) -> None:
        self.done += n
        now = self.clock()
        if now - self.last >= self.every or self.done >= self.total:
            self.last = now
            say(self.line(now))

    def line(self, now: float) -> str:
        elapsed = max(now - self.t0, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate > 0 else float("inf")
        eta_text = "?" if eta == float("inf") else f"{eta:.0f} s"
        return f"{self.stage}: {self.done}/{self.total} ({rate:.1f}/s, ETA {eta_text})"
