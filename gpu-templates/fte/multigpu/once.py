"""Work done once, on rank 0, that every process needs (the mined training set): rank 0 computes
and saves it under the run folder (atomically: a temporary folder renamed into place), the other
ranks wait for the folder and load it. A resumed run finds it and trains on the same negatives."""
from __future__ import annotations

import json
import os
import shutil
import time

from ..distributed import rank
from ..errors import FteError

POLL_SECONDS = 1.0
FAILED = "FAILED"


def shared_dataset(run_dir: str, name: str, compute, timeout: float = 6 * 3600):
    """(dataset, info): `compute()` -> (dataset, info) runs on rank 0 only, or not at all when a
    previous attempt saved it."""
    from datasets import load_from_disk

    folder = os.path.join(run_dir, name)
    info_file = os.path.join(folder, "info.json")
    failed = os.path.join(run_dir, f"{name}.{FAILED}")
    if os.path.exists(info_file):
        return _load(folder, info_file, load_from_disk)
    if rank() == 0:
        try:
            data, info = compute()
        except BaseException:
            open(failed, "w").close()  # the waiting ranks stop instead of timing out
            raise
        tmp = f"{folder}.tmp-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        data.save_to_disk(os.path.join(tmp, "data"))
        with open(os.path.join(tmp, "info.json"), "w", encoding="utf-8") as fh:
            json.dump(info, fh)
        os.replace(tmp, folder)
        return data, info
    deadline = time.monotonic() + timeout
    while not os.path.exists(info_file):
        if os.path.exists(failed):
            raise FteError(f"Rank 0 failed while preparing {name}; see its error.", None, "internal")
        if time.monotonic() > deadline:
            raise FteError(f"Waited {timeout:.0f} s for rank 0 to prepare {name}.", None, "internal")
        time.sleep(POLL_SECONDS)
    return _load(folder, info_file, load_from_disk)


def _load(folder: str, info_file: str, load_from_disk):
    with open(info_file, encoding="utf-8") as fh:
        return load_from_disk(os.path.join(folder, "data")), json.load(fh)
