"""The `dataset.synthesize` part of a job spec (src/core/job/jobSpec.ts), read and checked."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import ConfigError

GENERATORS = ("ict", "openai", "modal")


@dataclass(frozen=True)
class SynthSpec:
    config_dir: str
    documents: tuple[str, ...]
    column: str
    chunk_tokens: int
    chunk_overlap: int
    queries_per_chunk: int
    generator: dict
    top_k: int | None
    near_duplicate: float
    out: str
    test_out: str
    chunks_out: str
    manifest: str
    cache_dir: str
    test_size: float
    seed: int
    has_eval: bool

    @property
    def generator_name(self) -> str:
        return self.generator["type"]


def read_spec(ds: dict) -> SynthSpec:
    s = ds.get("synthesize")
    if not isinstance(s, dict):
        raise ConfigError("The config has no dataset.synthesize section.",
                          "Add dataset.synthesize with documents, chunk, queries_per_chunk, generator and out.")
    gen = s.get("generator") or {"type": "ict"}
    if gen.get("type") not in GENERATORS:
        raise ConfigError(f"dataset.synthesize.generator {gen.get('type')!r} is not available in this template.",
                          f"Use one of: {', '.join(GENERATORS)}.")
    if gen["type"] == "openai" and not (gen.get("endpoint") and gen.get("model")):
        raise ConfigError("dataset.synthesize.generator needs an endpoint and a model.",
                          "e.g. generator: { endpoint: http://localhost:8000/v1, model: my-instruct-model }")
    if gen["type"] == "modal" and not gen.get("model"):
        raise ConfigError("dataset.synthesize.generator with backend: modal needs a model.",
                          "e.g. generator: { backend: modal, model: Qwen/Qwen2.5-1.5B-Instruct, gpu: L4 }")
    tokens, overlap = int(s["chunk"]["tokens"]), int(s["chunk"]["overlap"])
    if tokens < 8 or not 0 <= overlap < tokens:
        raise ConfigError(f"dataset.synthesize.chunk is {{tokens: {tokens}, overlap: {overlap}}}.",
                          "Use tokens >= 8 and 0 <= overlap < tokens, e.g. { tokens: 256, overlap: 32 }.")
    filt = s.get("filter")
    return SynthSpec(
        config_dir=s["config_dir"], documents=tuple(s["documents"]), column=s.get("column") or "text",
        chunk_tokens=tokens, chunk_overlap=overlap, queries_per_chunk=int(s["queries_per_chunk"]), generator=gen,
        top_k=None if filt is None else int(filt["top_k"]), near_duplicate=float(s.get("near_duplicate", 0.95)),
        out=s["out"], test_out=s["test_out"], chunks_out=s["chunks_out"], manifest=s["manifest"],
        cache_dir=s["cache_dir"], test_size=float(ds.get("test_size", 0.1)), seed=int(ds.get("split_seed", 42)),
        has_eval=bool(s.get("has_eval")))
