"""What the container has: required packages, library versions, GPUs."""
from __future__ import annotations

import importlib.metadata
import importlib.util
import platform

from .errors import MissingPackageError

# Import names, in the order a user should install them.
REQUIRED = ("sentence_transformers", "transformers", "torch", "datasets", "accelerate")
DISTRIBUTIONS = {"sentence_transformers": "sentence-transformers"}


def missing_packages(required=REQUIRED) -> list[str]:
    missing = []
    for name in required:
        try:
            if importlib.util.find_spec(name) is None:
                missing.append(name)
        except (ImportError, ValueError):
            missing.append(name)
    return missing


def check_packages(required=REQUIRED) -> None:
    missing = missing_packages(required)
    if missing:
        raise MissingPackageError(missing)


def library_versions(names=REQUIRED + ("huggingface_hub", "optuna", "peft")) -> dict[str, str | None]:
    out: dict[str, str | None] = {"python": platform.python_version()}
    for name in names:
        try:
            out[name] = importlib.metadata.version(DISTRIBUTIONS.get(name, name))
        except importlib.metadata.PackageNotFoundError:
            out[name] = None
    return out


def gpu_info() -> dict:
    """Name, memory and count of the visible CUDA GPUs (torch imported lazily)."""
    import torch

    if not torch.cuda.is_available():
        return {"gpu_name": None, "gpu_memory_mb": None, "gpu_count": 0}
    props = torch.cuda.get_device_properties(0)
    return {"gpu_name": props.name, "gpu_memory_mb": round(props.total_memory / 2**20),
            "gpu_count": torch.cuda.device_count()}
