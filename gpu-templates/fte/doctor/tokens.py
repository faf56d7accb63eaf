"""Token lengths with the model's own tokenizer: percentiles, truncation, a recommended length.
Loads only the tokenizer and the model's small config files, never the weights."""
from __future__ import annotations

import json
import math
import os
import random

from ..findings import edit, finding, fix, share

SAMPLE = 5000  # texts per role: percentiles are stable long before that, tokenizing stays fast
TRUNCATION_WARN = 0.05


def _read_json(model: str, name: str) -> dict | None:
    """A small JSON file of a local model folder, or of a Hub model (cached or downloaded)."""
    try:
        if os.path.isdir(model):
            path = os.path.join(model, name)
            if not os.path.exists(path):
                return None
        else:
            from huggingface_hub import hf_hub_download

            path = hf_hub_download(model, name)
        with open(path, encoding="utf-8") as fh:
            value = json.load(fh)
        return value if isinstance(value, dict) else None
    except Exception:  # noqa: BLE001 - a missing optional file is not a finding
        return None


def _transformer_dir(model: str) -> str:
    """Where a sentence-transformers folder keeps its tokenizer (modules.json's Transformer path)."""
    if not os.path.isdir(model):
        return model
    try:
        with open(os.path.join(model, "modules.json"), encoding="utf-8") as fh:
            modules = json.load(fh)
        sub = next((m.get("path", "") for m in modules if str(m.get("type", "")).endswith("Transformer")), "")
    except (OSError, ValueError, AttributeError):
        sub = ""
    return os.path.join(model, sub) if sub else model


def load_tokenizer(model: str, **load) -> tuple[object, dict]:
    """(tokenizer, limits) where limits has `default` (the model's max_seq_length) and `positions`.
    `load`: revision / trust_remote_code as the job's model options say. The model is found the
    way training finds it (fte.models.resolve_model: a folder, the installed package, then the Hub)."""
    from transformers import AutoTokenizer

    from ..models import resolve_model

    model = resolve_model(model, quiet=True)
    tok = AutoTokenizer.from_pretrained(_transformer_dir(model), **load)
    st = _read_json(model, "sentence_bert_config.json") or {}
    cfg = _read_json(_transformer_dir(model), "config.json") or {}
    positions = cfg.get("max_position_embeddings")
    tok_max = getattr(tok, "model_max_length", None)
    tok_max = tok_max if isinstance(tok_max, int) and tok_max < 1_000_000 else None
    default = st.get("max_seq_length") or tok_max or positions
    return tok, {"default": default, "positions": positions if isinstance(positions, int) else None}


def percentile(sorted_values: list[int], q: float) -> int:
    if not sorted_values:
        return 0
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(q * len(sorted_values)) - 1))]


def recommend(lengths: list[int], cap: int | None) -> int:
    """The 99th percentile rounded up to a multiple of 32 (at least 32), within the model's limit."""
    p99 = percentile(sorted(lengths), 0.99)
    value = max(32, 32 * math.ceil(p99 / 32))
    return min(value, cap) if cap else value


def token_stats(tok, texts_by_role: dict[str, list[str]], limit: int, seed: int) -> dict:
    out = {}
    for role, texts in texts_by_role.items():
        sample = texts if len(texts) <= SAMPLE else random.Random(seed).sample(texts, SAMPLE)
        lengths = sorted(len(ids) for ids in tok(list(sample), add_special_tokens=True, truncation=False)["input_ids"])
        over = sum(1 for n in lengths if n > limit)
        out[role] = {"count": len(texts), "sampled": len(sample), "p50": percentile(lengths, 0.5),
                     "p90": percentile(lengths, 0.9), "p99": percentile(lengths, 0.99), "max": lengths[-1] if lengths else 0,
                     "truncated": over / len(lengths) if lengths else 0.0, "lengths": lengths}
    return out


def model_name(model: str) -> str:
    """A local model folder by its name, not its whole path (messages stay readable)."""
    return os.path.basename(model.rstrip("/\\")) if os.path.isdir(model) else model


def token_findings(job, texts_by_role: dict[str, list[str]], seed: int) -> tuple[list[dict], dict | None]:
    """Findings and stats; a tokenizer that cannot be loaded is an info finding, not a failure."""
    configured = job.training.get("max_seq_length")
    name = model_name(job.model)
    at = ["training", "max_seq_length"] if configured else ["model"]
    try:
        from ..loading.options import load_kwargs

        load = {k: v for k, v in load_kwargs(job, job.model).items() if k in ("revision", "trust_remote_code")}
        tok, limits = load_tokenizer(job.model, **load)
    except Exception as exc:  # noqa: BLE001 - offline, gated, or not a transformers model
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        return [finding("tokenizer-unavailable", "info",
                        f"Token lengths were not checked: the tokenizer of {name} could not be loaded ({reason}).",
                        ["model"])], None
    limit = int(configured or limits["default"] or 512)
    positions = limits["positions"]
    stats = token_stats(tok, texts_by_role, limit, seed)
    everything = [n for s in stats.values() for n in s["lengths"]]
    best = recommend(everything, positions)
    summary = {"model": job.model, "max_seq_length": limit,
               "source": "training.max_seq_length" if configured else "the model's default",
               "recommended": best, "roles": {r: {k: v for k, v in s.items() if k != "lengths"} for r, s in stats.items()}}
    out = []
    if configured and positions and configured > positions:
        out.append(finding("max-seq-length-too-long", "error",
                           f"training.max_seq_length is {configured}, but {name} has position embeddings for "
                           f"{positions} tokens only: longer inputs fail. Set it to {min(best, positions)} or less.",
                           at, fix=fix(f"Set max_seq_length to {min(best, positions)}",
                                       edit(["training", "max_seq_length"], min(best, positions)))))
    worst = max(stats.items(), key=lambda kv: kv[1]["truncated"], default=None)
    described = "; ".join(f"{r} p50 {s['p50']}, p90 {s['p90']}, p99 {s['p99']}, max {s['max']}" for r, s in stats.items())
    if worst and worst[1]["truncated"] >= TRUNCATION_WARN and best > limit:
        role, s = worst
        out.append(finding("texts-truncated", "warning",
                           f"{share(round(s['truncated'] * s['sampled']), s['sampled'])} of the {role} texts are longer than "
                           f"max_seq_length {limit} ({summary['source']}) and are cut off, so the model never sees their "
                           f"end. Token lengths ({name} tokenizer): {described}. Set max_seq_length to {best} "
                           f"(covers 99% of texts; memory grows with it).",
                           at, fix=fix(f"Set max_seq_length to {best}", edit(["training", "max_seq_length"], best))))
    else:
        cut = max((s["truncated"] for s in stats.values()), default=0.0)
        note = "no text is cut off" if cut == 0 else f"at most {cut:.1%} of a role's texts are cut off"
        out.append(finding("token-lengths", "info",
                           f"Token lengths ({name} tokenizer): {described}; max_seq_length {limit} "
                           f"({summary['source']}): {note}.", at))
    return out, summary
