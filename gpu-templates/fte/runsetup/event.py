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
