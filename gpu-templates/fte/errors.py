"""Errors a user can act on, and the classification of everything else into event fields."""
from __future__ import annotations

import traceback

CATEGORIES = ("config", "dataset", "out_of_memory", "auth", "network", "environment", "internal")
REQUIREMENTS_HINT = "pip install -r gpu-templates/requirements.txt"
# import name -> pip requirement, for the "missing package" hint.
PACKAGES = {
    "sentence_transformers": 'sentence-transformers[train]',
    "transformers": "transformers",
    "datasets": "datasets",
    "accelerate": "accelerate",
    "torch": "torch",
    "optuna": "optuna",
    "google.protobuf": "protobuf",
    "grpc": "grpcio",
    "huggingface_hub": "huggingface_hub",
    "pyarrow": "pyarrow",
    "peft": "peft",
}


class FteError(Exception):
    """An error whose category and hint we already know."""

    category = "internal"

    def __init__(self, message: str, hint: str | None = None, category: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if category:
            self.category = category


class ConfigError(FteError):
    category = "config"


class DatasetError(FteError):
    category = "dataset"


class MissingColumnError(DatasetError):
    def __init__(self, missing: list[str], available: list[str]):
        names = ", ".join(repr(c) for c in missing)
        have = ", ".join(repr(c) for c in available) or "(none)"
        super().__init__(
            f"The dataset has no column {names}. Columns it has: {have}.",
            "Fix `dataset.columns` in the config so each role maps to one of the columns above.",
        )
        self.missing = missing
        self.available = available


class MissingPackageError(FteError):
    category = "environment"

    def __init__(self, module: str | list[str]):
        modules = [module] if isinstance(module, str) else list(module)
        pips = [PACKAGES.get(m, m.replace("_", "-")) for m in modules]
        names = ", ".join(f"'{p}'" for p in pips)
        plural = "s" if len(pips) > 1 else ""
        install = " ".join(f'"{p}"' for p in pips)
        super().__init__(
            f"The Python package{plural} {names} {'are' if plural else 'is'} not installed "
            f"(import {', '.join(repr(m) for m in modules)} failed).",
            f"Install {'them' if plural else 'it'} with `pip install {install}`, or everything the "
            f"template needs with `{REQUIREMENTS_HINT}`.",
        )
        self.modules = modules


# Cached loss first: a smaller batch or gradient accumulation removes in-batch negatives
# (training knows the loss and gives fte/memory/advice.py's more specific hint).
OOM_HINT = ("For in-batch-negative losses switch to CachedMultipleNegativesRankingLoss (same batch, bounded "
            "memory); otherwise set training.gradient_checkpointing: true or a smaller training.max_seq_length, "
            "or lower training.batch_size and raise gradient_accumulation_steps; or pick a GPU with more memory.")


def _status_code(exc: BaseException) -> int | None:
    response = getattr(exc, "response", None)
    code = getattr(response, "status_code", None)
    return code if isinstance(code, int) else None


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        exc = exc.__cause__ or exc.__context__


def classify(exc: BaseException, phase: str | None = None) -> tuple[str, str, str | None]:
    """Map an exception to (category, message, hint). `phase` tells what we were doing."""
    for e in _chain(exc):
        if isinstance(e, FteError):
            return e.category, e.message, e.hint
    for e in _chain(exc):
        result = _classify_one(e, phase)
        if result:
            return result
    return ("internal", f"{type(exc).__name__}: {exc}",
            "This looks like a bug in the template or a library; the traceback tail is attached.")


def _classify_one(e: BaseException, phase: str | None):
    name = type(e).__name__
    text = str(e)
    lower = text.lower()
    subject = "dataset" if phase == "preparing_data" else "model"
    if isinstance(e, ModuleNotFoundError) and e.name:
        err = MissingPackageError(e.name.split(".")[0])
        return err.category, err.message, err.hint
    if name == "OutOfMemoryError" or "cuda out of memory" in lower or "out of memory" in lower:
        return "out_of_memory", f"The GPU ran out of memory: {text.splitlines()[0] if text else name}", OOM_HINT
    code = _status_code(e)
    if name in ("GatedRepoError",) or code in (401, 403) or "401 client error" in lower:
        return ("auth", f"The Hub refused access to the {subject}: {_first(text)}",
                "Accept the repository's terms on huggingface.co if it is gated, and give the job "
                "an HF_TOKEN with read access (output.hf_secret / the Modal secret).")
    if name in ("RepositoryNotFoundError", "DatasetNotFoundError", "EntryNotFoundError",
                "RevisionNotFoundError") or code == 404:
        cat = "dataset" if subject == "dataset" else "config"
        return (cat, f"The {subject} was not found on the Hub: {_first(text)}",
                f"Check the {subject} id for typos (owner/name); a private repository also needs an HF_TOKEN.")
    if name in ("ConnectionError", "Timeout", "ReadTimeout", "ConnectTimeout", "OfflineModeIsEnabled",
                "LocalEntryNotFoundError") or "name resolution" in lower or "max retries exceeded" in lower:
        return ("network", f"Network problem while fetching the {subject}: {_first(text)}",
                "Check the container's internet access, or pre-populate the Hugging Face cache.")
    if isinstance(e, FileNotFoundError) and phase == "preparing_data":
        return "dataset", f"Dataset file not found: {_first(text)}", "Check dataset.path in the config."
    return None


def _first(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "(no message)"


def traceback_tail(exc: BaseException, lines: int = 20) -> list[str]:
    out: list[str] = []
    for chunk in traceback.format_exception(type(exc), exc, exc.__traceback__):
        out.extend(chunk.rstrip("\n").splitlines())
    return out[-lines:]


def error_fields(exc: BaseException, phase: str | None = None) -> dict:
    category, message, hint = classify(exc, phase)
    # Our own errors already say what to do; their traceback would only be noise.
    tail = [] if isinstance(exc, FteError) else traceback_tail(exc)
    return {"category": category, "message": message, "hint": hint, "phase": phase,
            "traceback_tail": tail}
