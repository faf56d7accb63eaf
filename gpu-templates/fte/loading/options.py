"""SentenceTransformer(...) keyword arguments from the job's `model_options`, and the one clear
error for a model that ships its own code when the config did not opt in."""
from __future__ import annotations

from ..errors import ConfigError


def options(job) -> dict:
    return dict(job.raw.get("model_options") or {})


def load_kwargs(job, name: str) -> dict:
    """For the job's base model (`name == job.model`) everything; for another folder (the
    fine-tuned model, saved with the same custom code) only trust_remote_code and the kernel."""
    o = options(job)
    out: dict = {}
    if o.get("revision") and name == job.model:
        out["revision"] = o["revision"]
    if o.get("trust_remote_code") is True:
        out["trust_remote_code"] = True
    if o.get("attn_implementation"):
        out["model_kwargs"] = {"attn_implementation": o["attn_implementation"]}
    return out


def needs_remote_code(exc: BaseException) -> bool:
    text = str(exc)
    return "trust_remote_code" in text and ("custom code" in text or "requires you to execute" in text)


def remote_code_error(name: str) -> ConfigError:
    return ConfigError(
        f"{name} ships its own Python code (a custom architecture), which runs only if you allow it.",
        f"If you trust its authors, write `model: {{ id: {name}, trust_remote_code: true, revision: <commit> }}` "
        "(a commit pins which code runs); otherwise pick a model that needs no remote code.")
