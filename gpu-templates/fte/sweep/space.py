"""The sweep's search space: suggesting a trial's values, the grid, and the trial's job.

Keys (src/core/job/jobSpec.ts, JobSweep.space): a training setting ("learning_rate"),
"loss_args.<name>", or "model". Standard library only; `suggest` takes an optuna trial.
"""
from __future__ import annotations

import copy
import itertools
import math

from ..errors import ConfigError
from ..jobspec import JobSpec, parse_job

LOSS_ARGS = "loss_args."
INT_SETTINGS = ("batch_size", "epochs", "eval_steps", "seed", "gradient_accumulation_steps", "save_total_limit",
                "max_seq_length")


def validate(space: dict) -> dict:
    if not isinstance(space, dict) or not space:
        raise ConfigError("Sweep: `space` is empty.", "Add at least one parameter to sweep.space.")
    for name, p in space.items():
        kind = p.get("type") if isinstance(p, dict) else None
        if kind in ("float", "int"):
            low, high = p.get("low"), p.get("high")
            if not isinstance(low, (int, float)) or not isinstance(high, (int, float)) or low > high:
                raise ConfigError(f"Sweep: `{name}` needs numbers low <= high.")
            if p.get("log") and low <= 0:
                raise ConfigError(f"Sweep: `{name}` is log-scaled, so low must be > 0.")
        elif kind == "categorical":
            if not isinstance(p.get("choices"), list) or not p["choices"]:
                raise ConfigError(f"Sweep: `{name}` needs a non-empty list of choices.")
        else:
            raise ConfigError(f"Sweep: `{name}` has unknown type {kind!r} (float, int or categorical).")
        if name != "model" and not name.startswith(LOSS_ARGS) and "." in name:
            raise ConfigError(f"Sweep: unknown parameter `{name}`.",
                              "Use a training setting, `loss_args.<name>` or `model`.")
    return space


def suggest(trial, space: dict) -> dict:
    """Ask the optuna trial for every parameter (in a stable order)."""
    out = {}
    for name in sorted(space):
        p = space[name]
        if p["type"] == "categorical":
            out[name] = trial.suggest_categorical(name, list(p["choices"]))
        elif p["type"] == "int":
            step = int(p.get("step") or 1)
            log = bool(p.get("log")) and step == 1
            out[name] = trial.suggest_int(name, int(p["low"]), int(p["high"]), step=step, log=log)
        else:
            step = p.get("step")
            log = bool(p.get("log")) and not step
            out[name] = trial.suggest_float(name, float(p["low"]), float(p["high"]), step=step, log=log)
    return out


def grid_values(name: str, p: dict) -> list:
    if p["type"] == "categorical":
        return list(p["choices"])
    step = p.get("step")
    if not step:
        raise ConfigError(f"Sweep: the grid sampler needs a `step` for `{name}`.",
                          "Give every int/float parameter a step, or use the tpe/random sampler.")
    low, high = p["low"], p["high"]
    count = int(math.floor((high - low) / step + 1e-9)) + 1
    if p["type"] == "int":
        return [int(low) + i * int(step) for i in range(count)]
    return [round(low + i * step, 12) for i in range(count)]


def grid(space: dict) -> list[dict]:
    """Every combination, in a stable order (parameter names sorted)."""
    names = sorted(space)
    values = [grid_values(n, space[n]) for n in names]
    return [dict(zip(names, combo)) for combo in itertools.product(*values)]


def search_space(space: dict) -> dict:
    names = sorted(space)
    return {n: grid_values(n, space[n]) for n in names}


def trial_job(job: JobSpec, params: dict, overrides: dict | None = None) -> JobSpec:
    """A copy of the job with the trial's values; `overrides` are sweep-wide changes (e.g. no push)."""
    raw = copy.deepcopy(job.raw)
    for name, value in params.items():
        if name == "model":
            raw["model"] = value
            if (raw.get("prompts") or {}).get("source") == "catalog":
                # The catalog's prompts were the first model's family; the trial's model keeps its own.
                raw["prompts"] = {**raw["prompts"], "query": None, "document": None, "source": "none"}
        elif name.startswith(LOSS_ARGS):
            raw.setdefault("loss", {}).setdefault("args", {})[name[len(LOSS_ARGS):]] = value
        else:
            if name in INT_SETTINGS and isinstance(value, float) and value.is_integer():
                value = int(value)
            raw.setdefault("training", {})[name] = value
    for section, values in (overrides or {}).items():
        raw.setdefault(section, {}).update(values)
    raw["sweep"] = None
    return parse_job(raw)
