"""The default max_seq_length of a long-context base model (ModernBERT, nomic, gte-modernbert,
Qwen3-Embedding: 8k-32k tokens). Rule followed: the maintainers' base_model_selection.md,
"ModernBERT-family bases default to max_seq_length=8192 ... explicitly set model.max_seq_length =
256 (or 512 for documents) unless you actually need long context". Here: the smallest of the
model's limit, 512, and the training data's 99th-percentile length (the data doctor's rule,
rounded up to a multiple of 32), unless training.max_seq_length says otherwise."""
from __future__ import annotations

import random

from ..doctor.tokens import recommend

LONG_CONTEXT = 512
SAMPLE = 2000


def default_cap(model_max: int | None, data_lengths: list[int]) -> int | None:
    """The cap for a model whose limit is `model_max`, or None when it needs none (<= 512)."""
    if not model_max or model_max <= LONG_CONTEXT:
        return None
    cap = min(model_max, LONG_CONTEXT)
    return recommend(data_lengths, cap) if data_lengths else cap


def text_lengths(model, train_ds, columns: list[str], seed: int) -> list[int]:
    texts = [t for c in columns for t in train_ds[c] if isinstance(t, str)]
    if len(texts) > SAMPLE:
        texts = random.Random(seed).sample(texts, SAMPLE)
    tok = model.tokenizer
    return [len(ids) for ids in tok(texts, add_special_tokens=True, truncation=False)["input_ids"]]


def cap_long_context(job, model, train_ds, ctx) -> int | None:
    """Sets model.max_seq_length when the job leaves it to the model and the model's is long; warns."""
    if job.training.get("max_seq_length"):
        return None
    model_max = getattr(model, "max_seq_length", None)
    if not model_max or model_max <= LONG_CONTEXT:
        return None
    texts = [c.target for c in job.columns if c.role not in ("label", "score")]
    cap = default_cap(model_max, text_lengths(model, train_ds, texts, int(job.training.get("seed", 42))))
    model.max_seq_length = cap
    ctx.warn_once("max_seq_length_capped",
                  f"{job.model} accepts {model_max} tokens; training uses max_seq_length {cap} (the 99th-percentile "
                  f"length of your training texts, at most {LONG_CONTEXT}), so memory goes to batch size, not padding.",
                  "Set training.max_seq_length to train on longer texts.")
    return cap
