"""In-batch negatives across processes. Rule followed: the maintainers' hardware_guide.md, "MNRL's
in-batch negatives remain per-device, not global, unless you pass gather_across_devices=True"
(4 x DDP at batch 64: 63 negatives per example by default, 255 gathered)."""
from __future__ import annotations

import inspect


def gathers(loss_cls, family: str, world: int) -> bool:
    """True when several processes train an in-batch-negative loss that can share its candidates."""
    if family != "mnrl" or world <= 1:
        return False
    try:
        return "gather_across_devices" in inspect.signature(loss_cls.__init__).parameters
    except (TypeError, ValueError):
        return False


def negatives_per_example(family: str, batch: int, world: int, gathered: bool, negative_columns: int) -> int | None:
    """Candidates each anchor is scored against, minus its own positive: every positive and negative
    text of the batch (of every process when gathered)."""
    if family != "mnrl":
        return None
    texts = batch * (world if gathered else 1) * (1 + negative_columns)
    return texts - 1
