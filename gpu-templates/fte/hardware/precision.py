"""Mixed precision by compute capability, not by `torch.cuda.is_bf16_supported()`, which is true on
a T4 (Turing, 7.5) where bf16 is emulated and slow.

Rule followed: the sentence-transformers maintainers' `hardware_guide.md`, "Precision choice by
GPU": T4 / V100 / RTX 2xxx -> fp16; A10G / A100 / L4 / H100 and later -> bf16 ("more numerically
stable and almost always preferred when available"). bf16 and TF32 need Ampere (8.0) or later.
Pure: the caller passes what torch reports, so every branch is unit-tested on a CPU.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import ConfigError

AMPERE = (8, 0)


@dataclass(frozen=True)
class Precision:
    name: str  # bf16 | fp16 | fp32
    tf32: bool
    capability: tuple[int, int] | None

    def training_args(self) -> dict:
        out: dict = {}
        if self.name == "bf16":
            out["bf16"] = True
        elif self.name == "fp16":
            out["fp16"] = True
        if self.tf32:
            out["tf32"] = True
        return out

    @property
    def capability_text(self) -> str | None:
        return None if self.capability is None else f"{self.capability[0]}.{self.capability[1]}"


def choose(requested: str, capability: tuple[int, int] | None, gpu_name: str | None = None) -> Precision:
    """`capability` is torch.cuda.get_device_capability() or None without CUDA."""
    if capability is None:
        if requested in ("bf16", "fp16"):
            raise ConfigError(f"training.precision: {requested} needs a CUDA GPU, and this run has none.",
                              "Set training.precision: auto (fp32 on a CPU) or fp32.")
        return Precision("fp32", False, None)
    ampere = tuple(capability) >= AMPERE
    cap = f"{capability[0]}.{capability[1]}"
    if requested == "bf16" and not ampere:
        raise ConfigError(f"training.precision: bf16 needs compute capability 8.0 (Ampere) or later; "
                          f"{gpu_name or 'this GPU'} is {cap} and would emulate bf16 slowly.",
                          "Set training.precision: auto (fp16 on this GPU) or fp16, or pick an A10G, L4, A100 or H100.")
    if requested == "auto":
        name = "bf16" if ampere else "fp16"
    else:
        name = requested
    return Precision(name, ampere, tuple(capability))


def detect(requested: str) -> Precision:
    import torch

    if not torch.cuda.is_available():
        return choose(requested, None)
    return choose(requested, tuple(torch.cuda.get_device_capability(0)), torch.cuda.get_device_name(0))
