"""A sweep worker's loop: open the shared study, claim slots until none is left, and (worker 0)
refill lost slots, wait for the others, and finish the sweep."""
from __future__ import annotations

import time

from ..errors import ConfigError
from ..runctx import RunContext
from . import space
from .storage import open_storage, parse
from .study import WORKER, claim, ensure_slots, fail_stale, make_pruner, make_sampler, open_study, summary, wait_seeded
from .trial import SweepConfig, run_trial


def open_shared_study(cfg: SweepConfig, storage_url: str, study_name: str, attempts: int = 5):
    """Storage + study, retried: workers starting together may race on creating the tables."""
    sweep = cfg.job.sweep
    spec = parse(storage_url)
    seed = int(cfg.job.training.get("seed", 42))
    for attempt in range(attempts):
        try:
            storage = open_storage(spec)
            study = open_study(
                storage, study_name, sweep.get("direction", "maximize"),
                make_sampler(sweep, seed, cfg.worker),
                make_pruner(sweep, int(cfg.job.training.get("eval_steps") or 1)))
            return storage, study
        except ConfigError:
            raise
        except Exception:  # noqa: BLE001 - "table already exists" / "database is locked" at start
            if attempt == attempts - 1:
                raise
            time.sleep(0.5 * (attempt + 1) + 0.1 * cfg.worker)


def target_trials(sweep: dict, grid: list | None, ctx: RunContext) -> int:
    trials = int(sweep.get("trials") or 1)
    if grid is not None and len(grid) != trials:
        ctx.warn_once("grid_size", f"The grid has {len(grid)} points; the sweep runs each once "
                      f"(sweep.trials = {trials} is ignored).", "Set sweep.trials to the grid size.")
        return len(grid)
    return trials


def run_sweep(cfg: SweepConfig, ctx: RunContext, storage_url: str, study_name: str, *, grace: float,
              seed_timeout: float = 600.0, poll: float | None = None, push=None) -> int:
    sweep = cfg.job.sweep
    if not sweep:
        raise ConfigError("This job has no `sweep` section.", "Add `sweep:` to the config, or launch finetune.py.")
    space.validate(sweep.get("space"))
    grid = space.grid(sweep["space"]) if sweep.get("sampler") == "grid" else None
    target = target_trials(sweep, grid, ctx)
    storage, study = open_shared_study(cfg, storage_url, study_name)
    if cfg.worker == 0:
        ensure_slots(study, target, grid)
    elif not wait_seeded(study, seed_timeout):
        raise ConfigError(f"Worker 0 did not set up the study within {seed_timeout:.0f} s.",
                          "Launch worker 0 (--worker-index 0) with the same --storage.", "internal")
    timeout = sweep.get("timeout_minutes")
    deadline = time.monotonic() + float(timeout) * 60 if timeout else None
    poll = poll if poll is not None else max(0.2, min(5.0, grace / 4))
    timed_out = False
    while True:
        for lost in fail_stale(study, grace):
            worker = lost.user_attrs.get(WORKER)
            ctx.emit("trial_finished", trial=lost.number, state="failed", value=None, params=lost.params,
                     reason="Its worker stopped sending heartbeats (crashed or preempted); the trial runs again.",
                     **({"worker": worker} if isinstance(worker, int) else {}))
        if deadline is not None and time.monotonic() > deadline:
            if not timed_out:
                ctx.warn_once("sweep_timeout", f"sweep.timeout_minutes ({timeout}) reached: no new trials start.",
                              "Relaunch the sweep to run the remaining trials.")
            timed_out = True
        trial = None if timed_out else claim(study)
        if trial is None and cfg.worker == 0 and not timed_out and ensure_slots(study, target, grid):
            trial = claim(study)  # a lost trial's slot, added again
        if trial is not None:
            run_trial(study, trial, cfg, ctx)
            continue
        if cfg.worker != 0 or summary(study)["running"] == 0:
            break
        time.sleep(poll)  # worker 0 waits for the others' trials (and refills lost ones)
    if cfg.worker == 0:
        from .finalize import finalize

        finalize(study, storage, cfg.run_dir, ctx, cfg.job, push=push)
    return 0
