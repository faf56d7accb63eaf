"""Run-directory layout and the checkpoint to resume from."""
from __future__ import annotations

import os
import re

CHECKPOINTS = "checkpoints"
MODEL = "model"
_CHECKPOINT = re.compile(r"^checkpoint-(\d+)$")
# The trainer writes this last; a checkpoint without it was cut off mid-save.
STATE_FILE = "trainer_state.json"


def checkpoints_dir(run_dir: str) -> str:
    return os.path.join(run_dir, CHECKPOINTS)


def model_dir(run_dir: str) -> str:
    return os.path.join(run_dir, MODEL)


def list_checkpoints(run_dir: str) -> list[tuple[int, str]]:
    """Complete checkpoints as (step, path), oldest first."""
    root = checkpoints_dir(run_dir)
    try:
        names = os.listdir(root)
    except FileNotFoundError:
        return []
    found = []
    for name in names:
        match = _CHECKPOINT.match(name)
        path = os.path.join(root, name)
        if match and os.path.isfile(os.path.join(path, STATE_FILE)):
            found.append((int(match.group(1)), path))
    return sorted(found)


def latest_checkpoint(run_dir: str) -> tuple[int, str] | None:
    found = list_checkpoints(run_dir)
    return found[-1] if found else None


def cache_dir(run_dir: str, env: dict) -> str:
    """Hugging Face cache: FTE_CACHE_DIR, else an HF_HOME already set, else a folder beside
    the run directories (on the mounted volume), so the next run does not download again."""
    if env.get("FTE_CACHE_DIR"):
        return env["FTE_CACHE_DIR"]
    if env.get("HF_HOME"):
        return env["HF_HOME"]
    parent = os.path.dirname(os.path.abspath(run_dir))
    return os.path.join(parent, ".hf-cache")


def worker_cache_dir(sweep_dir: str, env: dict, worker: int) -> str:
    """A sweep worker's own Hugging Face cache, under the shared one: workers download at the
    same time, and concurrent writers to one folder on a Modal volume are last-writer-wins (no
    cross-container file locks). Keyed by sweep and worker index, so a relaunch reuses it."""
    return os.path.join(cache_dir(sweep_dir, env), "sweep-workers", os.path.basename(os.path.abspath(sweep_dir)), f"w{worker}")
