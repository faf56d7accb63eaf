"""One trial: sample, train (a pluggable `train_fn(job, reporter) -> metrics`), report, tell."""
from __future__ import annotations

import math
import os
import sys
import shutil
import time
from dataclasses import dataclass, field
from typing import Callable

from ..cli import Terminated
from ..errors import error_fields
from ..events import Emitter
from ..jobspec import JobSpec
from ..distributed import world_size
from ..pruning.progress import equivalent_step, samples_per_step
from ..runctx import RunContext
from . import space
from .study import OUTCOME, WORKER, Heartbeat, finished_errors

TRIALS_DIR = "trials"


@dataclass
class SweepConfig:
    job: JobSpec
    run_dir: str  # the sweep's folder (shared by all workers)
    run_id: str
    worker: int
    metric: str
    train_fn: Callable
    heartbeat_interval: float = 30.0
    overrides: dict = field(default_factory=dict)  # applied to every trial's job


def trial_dir(run_dir: str, number: int) -> str:
    return os.path.join(run_dir, TRIALS_DIR, str(number))


def _finite(value) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


class Reporter:
    """What train_fn sees: `report(step, metrics_or_value)` at every evaluation (raises
    optuna.TrialPruned when the pruner says so), `ctx` (the trial's own event log), `run_dir`."""

    def __init__(self, trial, cfg: SweepConfig, ctx: RunContext, sweep: RunContext, params: dict) -> None:
        self.trial, self.cfg, self.ctx, self.sweep, self.params = trial, cfg, ctx, sweep, params
        self.number = trial.number
        self.run_dir = trial_dir(cfg.run_dir, trial.number)
        self.sweep_dir = cfg.run_dir
        self.metric = cfg.metric
        self.last_value: float | None = None
        self.collapsed = False
        # The sweep job's samples per optimizer step: trials report progress in its steps (fte/pruning).
        # (samples_seen counts every process, as the callback does)
        self.base_samples_per_step = samples_per_step(cfg.job.training) * world_size()
        self.base_eval_steps = max(1, int(cfg.job.training.get("eval_steps") or 1))

    def report(self, step: int, metrics, samples_seen: int | None = None) -> None:
        """`samples_seen` (real training): report at the step the sweep's job would be at after
        those samples, so trials with other batch sizes are compared at equal data seen."""
        import optuna

        if samples_seen is not None:
            step = equivalent_step(samples_seen, self.base_samples_per_step)
        value = _finite(metrics.get(self.metric) if isinstance(metrics, dict) else metrics)
        extra = {"samples_seen": int(samples_seen)} if samples_seen is not None else {}
        self.sweep.emit("trial_report", trial=self.number, step=int(step), value=value, **extra)
        if value is None:
            return
        self.last_value = value
        self.trial.report(value, int(step))
        if self.trial.should_prune():
            raise optuna.TrialPruned(f"{self.metric} = {value:.4g} at step {step} is below the median of "
                                     "earlier trials at this step (steps counted in the sweep job's batch size, "
                                     "so trials are compared at equal training samples).")


def run_trial(study, trial, cfg: SweepConfig, sweep: RunContext) -> dict:
    """Runs a claimed trial to its end and emits its events. Returns the trial_finished event."""
    import optuna
    from optuna.trial import TrialState

    number, started = trial.number, time.monotonic()
    folder = trial_dir(cfg.run_dir, number)
    trial_run_id = f"{cfg.run_id}-trial-{number}"
    # The trial's own training events go to its folder and to stdout under the trial's run id:
    # the extension files them in a record of their own, so a trial opens in a run dashboard.
    own = RunContext(Emitter(trial_run_id, folder, stream=sys.stdout))
    trial.set_user_attr(WORKER, cfg.worker)
    params: dict = {}
    state, value, reason, metrics = "failed", None, None, None
    with Heartbeat(study._storage, trial._trial_id, cfg.heartbeat_interval):
        try:
            params = space.suggest(trial, cfg.job.sweep["space"])
            sweep.emit("trial_started", trial=number, params=params, worker=cfg.worker, trial_run_id=trial_run_id)
            reporter = Reporter(trial, cfg, own, sweep, params)
            job = space.trial_job(cfg.job, params, cfg.overrides)
            result = cfg.train_fn(job, reporter) or {}
            metrics = dict(result.get("metrics", result)) if isinstance(result, dict) else {}
            metrics = {k: _finite(v) for k, v in metrics.items() if not isinstance(v, (dict, list, str))}
            metric = cfg.metric
            if metric not in metrics and isinstance(result, dict) and metric == cfg.job.evaluator.get("primary_metric"):
                metric = result.get("primary") or metric  # the evaluator named it (dot_*, not cosine_*)
            value = metrics.get(metric)
            collapsed = bool(isinstance(result, dict) and result.get("collapsed")) or reporter.collapsed
            state = "collapsed" if collapsed or value is None else "complete"
            if metric not in metrics:
                state, reason = "failed", f"The trial reported no {metric!r} (it has: {', '.join(metrics) or 'none'})."
        except optuna.TrialPruned as exc:
            state, reason, value = "pruned", str(exc) or None, reporter.last_value
        except (KeyboardInterrupt, SystemExit, Terminated) as exc:
            _finish(study, trial, "lost", TrialState.FAIL, None)
            sweep.emit("trial_finished", trial=number, state="failed", value=None, params=params, worker=cfg.worker,
                       reason="The worker was stopped during this trial.", duration_s=_since(started))
            raise exc
        except Exception as exc:  # noqa: BLE001 - a failed trial is an outcome, not the end of the sweep
            if stop_cause(exc):  # SIGTERM arrived inside a library that wrapped it (e.g. a storage call)
                _finish(study, trial, "lost", TrialState.FAIL, None)
                raise
            fields = error_fields(exc, own.phase)
            own.emit("error", **fields)
            reason = f"{fields['category']}: {fields['message']}"
    # Tell after the heartbeat stopped, so no attribute write races the final state.
    optuna_state = {"complete": TrialState.COMPLETE, "pruned": TrialState.PRUNED}.get(state, TrialState.FAIL)
    if state == "collapsed" and value is not None:
        optuna_state = TrialState.COMPLETE  # a bad but real value: the sampler should learn from it
    told = _finish(study, trial, state, optuna_state, value if optuna_state == TrialState.COMPLETE else None)
    shutil.rmtree(os.path.join(folder, "checkpoints"), ignore_errors=True)  # the model/ folder stays
    if not told:
        sweep.emit("warning", code="trial_lost", message=f"Trial {number} was declared lost (no heartbeat) "
                   "while it still ran; its result was dropped.", hint="Raise --grace-period.")
        return {}
    event = sweep.emit("trial_finished", trial=number, state=state, value=value, params=params, worker=cfg.worker,
                       reason=reason, metrics=metrics or {}, duration_s=_since(started))
    if optuna_state == TrialState.COMPLETE:
        best = best_trial(study)
        if best is not None and best.number == number:
            sweep.emit("sweep_best", trial=number, value=best.value, params=best.params)
    return event


def stop_cause(exc: BaseException) -> BaseException | None:
    """The SIGTERM / Ctrl-C behind an exception that a library wrapped (optuna's storage does)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, (Terminated, KeyboardInterrupt)):
            return exc
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return None


def _since(started: float) -> float:
    return round(time.monotonic() - started, 3)


def _finish(study, trial, outcome: str, state, value) -> bool:
    try:
        trial.set_user_attr(OUTCOME, outcome)
        study.tell(trial, value, state=state) if value is not None else study.tell(trial, state=state)
        return True
    except (RuntimeError, ValueError) as exc:  # "already finished" / "Cannot tell a FAIL trial"
        text = str(exc).lower()
        if isinstance(exc, finished_errors()) and "finish" in text or "cannot tell a" in text:
            return False
        raise


def best_trial(study):
    try:
        return study.best_trial
    except ValueError:  # no complete trial yet
        return None
