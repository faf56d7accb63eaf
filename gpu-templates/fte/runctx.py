"""Per-run state shared by the pipeline: the emitter, the current phase, timings."""
from __future__ import annotations

import time

from .events import Emitter

PHASES = ("preparing_data", "loading_model", "mining", "baseline", "training", "evaluating", "saving", "pushing")


class RunContext:
    def __init__(self, emitter: Emitter) -> None:
        self.emitter = emitter
        self.phase: str | None = None
        self.started = time.monotonic()
        self._phase_started = self.started
        self.durations: dict[str, float] = {}
        self.warned: set[str] = set()

    def set_phase(self, phase: str, **extra) -> None:
        assert phase in PHASES, phase
        self._close_phase()
        self.phase = phase
        self._phase_started = time.monotonic()
        self.emitter.emit("phase", phase=phase, **extra)

    def _close_phase(self) -> None:
        if self.phase:
            spent = time.monotonic() - self._phase_started
            self.durations[self.phase] = round(self.durations.get(self.phase, 0.0) + spent, 3)

    def finish_durations(self) -> dict[str, float]:
        self._close_phase()
        self.phase = None
        out = dict(self.durations)
        out["total"] = round(time.monotonic() - self.started, 3)
        return out

    def warn_once(self, code: str, message: str, hint: str | None = None) -> None:
        if code in self.warned:
            return
        self.warned.add(code)
        self.emitter.emit("warning", code=code, message=message, hint=hint)

    def emit(self, type_: str, **fields):
        return self.emitter.emit(type_, **fields)
