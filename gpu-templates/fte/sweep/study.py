"""One study shared by every worker, the same way for every storage (gRPC proxy, SQLite, ...).

Slots: worker 0 keeps exactly `trials` counted-or-pending trials in the study by adding
WAITING trials (with fixed params for the grid); every worker claims one atomically (the
storage's WAITING -> RUNNING transition succeeds for one caller only) and runs it. So the
study never holds more than `trials` counted trials, and a relaunch runs only what is left.

Liveness: Optuna's heartbeat lives in RDBStorage and the gRPC proxy does not carry it, so a
worker writes a heartbeat user attribute on its running trial; any worker fails RUNNING trials
whose heartbeat is older than the grace period ("lost"); worker 0 then adds a slot in their place.
"""
from __future__ import annotations

import threading
import time

HEARTBEAT = "fte_heartbeat"
OUTCOME = "fte_outcome"  # complete | collapsed | pruned | failed | lost
WORKER = "fte_worker"
SEEDED = "fte_slots"  # study user attr: set by worker 0 once the first slots exist
COUNTED_FAIL = ("failed", "collapsed")  # FAIL trials that used up a slot (not lost ones)


def finished_errors() -> tuple:
    """What updating an already-finished trial raises: UpdateFinishedTrialError (optuna >= 3.2,
    a RuntimeError) or a plain RuntimeError (optuna 3.1)."""
    import optuna

    found = getattr(optuna.exceptions, "UpdateFinishedTrialError", None)
    return (found, RuntimeError) if found else (RuntimeError,)


def make_sampler(sweep: dict, seed: int, worker: int):
    import optuna

    kind = sweep.get("sampler", "tpe")
    if kind == "random":
        return optuna.samplers.RandomSampler(seed=seed + worker)
    if kind == "grid":
        # Grid points arrive as fixed params on the slots; nothing is left to sample.
        return optuna.samplers.RandomSampler(seed=seed + worker)
    kwargs = {"constant_liar": True} if int(sweep.get("parallel") or 1) > 1 else {}
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # constant_liar is "experimental" in some versions
        return optuna.samplers.TPESampler(seed=seed + worker, **kwargs)


def make_pruner(sweep: dict, eval_steps: int):
    import optuna

    if sweep.get("pruner", "median") == "none":
        return optuna.pruners.NopPruner()
    trials = int(sweep.get("trials") or 1)
    # Compare against a few finished trials, and never on the first evaluation (the LR warm-up
    # makes it noisy): pruning starts at the second evaluation.
    return optuna.pruners.MedianPruner(n_startup_trials=max(2, min(5, trials // 4)),
                                       n_warmup_steps=max(1, int(eval_steps)) + 1, interval_steps=1)


def open_study(storage, name: str, direction: str, sampler, pruner):
    import optuna

    return optuna.create_study(storage=storage, study_name=name, direction=direction, sampler=sampler,
                               pruner=pruner, load_if_exists=True)


def sync(study) -> None:
    """Re-read trials other processes changed (optuna 3's cached RDB storage reads them once)."""
    refresh = getattr(study._storage, "read_trials_from_remote_storage", None)
    if callable(refresh):
        refresh(study._study_id)


def _state(t) -> str:
    return t.state.name  # WAITING RUNNING COMPLETE PRUNED FAIL


def counts(trial: "object") -> bool:
    """Does this finished trial use up one of the sweep's `trials`?"""
    state = _state(trial)
    if state in ("COMPLETE", "PRUNED"):
        return True
    return state == "FAIL" and trial.user_attrs.get(OUTCOME) in COUNTED_FAIL


def summary(study) -> dict:
    sync(study)
    trials = study.get_trials(deepcopy=False)
    return {
        "counted": sum(1 for t in trials if counts(t)),
        "running": sum(1 for t in trials if _state(t) == "RUNNING"),
        "waiting": sum(1 for t in trials if _state(t) == "WAITING"),
        "lost": sum(1 for t in trials if _state(t) == "FAIL" and not counts(t)),
        "total": len(trials),
    }


def ensure_slots(study, target: int, grid: list[dict] | None) -> int:
    """Worker 0 only: add WAITING trials until counted + running + waiting == target. Returns added."""
    from optuna.trial import TrialState, create_trial

    sync(study)
    trials = study.get_trials(deepcopy=False)
    live = [t for t in trials if counts(t) or _state(t) in ("RUNNING", "WAITING")]
    added = 0
    if grid is not None:
        taken = {t.user_attrs.get("fte_grid") for t in live}
        for index, params in enumerate(grid):
            if index not in taken:
                study.enqueue_trial(params, user_attrs={"fte_grid": index})
                added += 1
    else:
        for _ in range(target - len(live)):
            study.add_trial(create_trial(state=TrialState.WAITING, user_attrs={"fte_slot": True}))
            added += 1
    if SEEDED not in study.user_attrs:
        study.set_user_attr(SEEDED, target if grid is None else len(grid))
    return added


def wait_seeded(study, timeout: float, poll: float = 1.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if SEEDED in study.user_attrs:
            return True
        time.sleep(poll)
    return SEEDED in study.user_attrs


def claim(study):
    """Take one WAITING slot (atomically) and return it as an optuna Trial, or None."""
    import optuna
    from optuna.trial import TrialState

    storage = study._storage
    sync(study)
    for frozen in storage.get_all_trials(study._study_id, deepcopy=False, states=(TrialState.WAITING,)):
        try:
            if not storage.set_trial_state_values(frozen._trial_id, state=TrialState.RUNNING):
                continue
        except finished_errors():
            continue
        return optuna.trial.Trial(study, frozen._trial_id)
    return None


def fail_stale(study, grace: float, now: float | None = None) -> list:
    """Fail RUNNING trials whose heartbeat is older than `grace` seconds; returns those we failed."""
    import optuna
    from optuna.trial import TrialState

    now = time.time() if now is None else now
    storage = study._storage
    sync(study)
    failed = []
    for t in storage.get_all_trials(study._study_id, deepcopy=False, states=(TrialState.RUNNING,)):
        beat = t.user_attrs.get(HEARTBEAT)
        if not isinstance(beat, (int, float)):
            beat = t.datetime_start.timestamp() if t.datetime_start else now
        if now - beat <= grace:
            continue
        try:
            storage.set_trial_user_attr(t._trial_id, OUTCOME, "lost")
            if storage.set_trial_state_values(t._trial_id, state=TrialState.FAIL):
                failed.append(storage.get_trial(t._trial_id))
        except finished_errors():
            pass  # its worker, or another one, finished it meanwhile
    return failed


class Heartbeat:
    """Writes time.time() to the trial's HEARTBEAT user attribute every `interval` seconds."""

    def __init__(self, storage, trial_id: int, interval: float) -> None:
        self.storage, self.trial_id, self.interval = storage, trial_id, interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fte-heartbeat", daemon=True)

    def beat(self) -> None:
        self.storage.set_trial_user_attr(self.trial_id, HEARTBEAT, time.time())

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.beat()
            except Exception:  # noqa: BLE001 - finished meanwhile, or a passing storage error
                pass

    def __enter__(self):
        self.beat()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
