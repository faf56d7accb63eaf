"""The `training_setup` event: prompts in effect (and where they came from), the per-column
training prompts, precision and TF32, the sequence length and parameter counts."""
from __future__ import annotations

from ..hardware.precision import Precision
from ..prompts.resolve import Prompts
from ..runctx import RunContext


def parameter_counts(model) -> tuple[int, int]:
    total = trainable = 0
    for p in model.parameters():
        n = p.numel()
        total += n
        if p.requires_grad:
            trainable += n
    return trainable, total


def negatives_setup(job, loss, world: int, train_columns: list[str]) -> dict:
    """negatives_per_example and gather_across_devices for the event (in-batch-negative losses)."""
    from ..multigpu.negatives import negatives_per_example

    family = job.loss.get("family", "")
    if family != "mnrl":
        return {}
    inner = getattr(loss, "model_loss", None) or getattr(loss, "loss", None) or loss  # MatryoshkaLoss wraps
    gathered = bool(getattr(inner, "gather_across_devices", False))
    negative_cols = sum(1 for c in train_columns if c.startswith("negative"))
    per = negatives_per_example(family, int(job.training["batch_size"]), world, gathered, negative_cols)
    return {"negatives_per_example": per, "gather_across_devices": gathered}


def training_setup(ctx: RunContext, *, model, prompts: Prompts | None, column_prompts: dict[str, str],
                   precision: Precision, **extra):
    trainable, total = parameter_counts(model)
    seq = getattr(model, "max_seq_length", None)
    return ctx.emit("training_setup",
                    prompts=(prompts.as_event() if prompts else
                             {"query": "", "document": "", "symmetric": False, "source": "none"}),
                    column_prompts=dict(column_prompts), precision=precision.name, tf32=precision.tf32,
                    compute_capability=precision.capability_text, max_seq_length=int(seq) if seq else None,
                    trainable_parameters=trainable, total_parameters=total, **extra)
