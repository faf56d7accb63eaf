"""What to do when the GPU runs out of memory, in the order that keeps the most training signal.
Rule followed: the maintainers' hardware_guide.md ("For MNRL, effective batch via grad-accum is
not equivalent"; cached losses "can simulate batch sizes of 1024+ on a 24GB GPU";
gradient_checkpointing is "incompatible with Cached* losses")."""
from __future__ import annotations


def oom_hint(loss_name: str, family: str, seq_len: int | None) -> str:
    shorter = f"set training.max_seq_length below {seq_len}" if seq_len else "set a smaller training.max_seq_length"
    if loss_name.startswith("Cached"):
        return (f"Lower loss_args.mini_batch_size (memory) and keep batch_size (negatives); {shorter}; "
                "or pick a GPU with more memory. Gradient checkpointing cannot be combined with a cached loss.")
    if family == "mnrl":
        return ("Switch to CachedMultipleNegativesRankingLoss: the same batch_size (the same in-batch negatives) in "
                f"the memory of loss_args.mini_batch_size; then {shorter}, or set training.gradient_checkpointing: "
                "true. Avoid a smaller batch_size or gradient_accumulation_steps: both remove in-batch negatives.")
    return (f"Set training.gradient_checkpointing: true, {shorter}, or lower training.batch_size and raise "
            "training.gradient_accumulation_steps (the same effective batch for this loss); or pick a bigger GPU.")


def is_oom(exc: BaseException) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return type(exc).__name__ == "OutOfMemoryError" or "out of memory" in text
