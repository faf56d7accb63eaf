"""ONNX export of a sentence-transformers model, with a parity check against PyTorch.

The whole SentenceTransformer pipeline (transformer, pooling, any Dense/Normalize) is traced
into one graph whose output is `sentence_embedding`, so onnxruntime alone gives the embedding
the model would. Route: torch's TorchScript exporter (`dynamo=False`), which needs only `onnx`;
sentence-transformers' own ONNX backend needs `optimum`, and the dynamo exporter `onnxscript`.
"""
from __future__ import annotations

import os
import time

from .errors import FteError, MissingPackageError
from .toolio import progress

ONNX_FILE = "model.onnx"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OPSET = 17
# The lowest cosine (ONNX vs PyTorch, per text) an export must reach to count as faithful.
MIN_COSINE = 0.999


def _require() -> None:
    import importlib.util

    missing = [m for m in ("onnx", "onnxruntime") if importlib.util.find_spec(m) is None]
    if missing:
        err = MissingPackageError(missing)
        err.hint = ("The local training environment installs them: run `finetune-embeddings env` "
                    f"(or `pip install {' '.join(missing)}` in the interpreter you set).")
        raise err


def _features(model, texts: list[str]) -> dict:
    # sentence-transformers 6 renamed tokenize() to preprocess().
    fn = getattr(model, "preprocess", None) or model.tokenize
    return fn(texts)


def _wrapper(model, names: tuple[str, ...], constants: dict):
    import torch

    class Pipeline(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.st = model

        def forward(self, *tensors):
            return self.st({**constants, **dict(zip(names, tensors))})["sentence_embedding"]

    return Pipeline().eval()


def export(model_path: str, out_dir: str, trust_remote_code: bool = False):
    """Writes OUT/model.onnx and the tokenizer; returns (what was written, the PyTorch model)."""
    _require()
    import warnings

    import torch
    from sentence_transformers import SentenceTransformer

    started = time.monotonic()
    progress(f"Loading {model_path}…")
    model = SentenceTransformer(model_path, device="cpu", trust_remote_code=trust_remote_code).eval()
    sample = _features(model, ["an example sentence", "a second, somewhat longer example sentence"])
    names = tuple(n for n in INPUTS if n in sample)
    constants = {k: v for k, v in sample.items() if k not in names and not torch.is_tensor(v)}
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, ONNX_FILE)
    axes = {n: {0: "batch", 1: "sequence"} for n in names}
    progress(f"Exporting to {path}…")
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation and tracer notes
        torch.onnx.export(_wrapper(model, names, constants), tuple(sample[n] for n in names), path,
                          input_names=list(names), output_names=["sentence_embedding"],
                          dynamic_axes={**axes, "sentence_embedding": {0: "batch"}},
                          opset_version=OPSET, dynamo=False)
    model.tokenizer.save_pretrained(out_dir)
    prompts = export_prompts(model)
    if prompts:
        write_prompts(out_dir, prompts, getattr(model, "default_prompt_name", None))
    info = {"prompts": prompts, "onnx_file": path, "inputs": list(names), "opset": OPSET, "dimensions": model.get_sentence_embedding_dimension(),
            "max_seq_length": model.max_seq_length, "bytes": os.path.getsize(path),
            "export_seconds": round(time.monotonic() - started, 2)}
    return info, model


PROMPTS_FILE = "prompts.json"


def export_prompts(model) -> dict[str, str]:
    """The model's non-empty prompts: the ONNX graph takes token ids, so a caller must prepend them."""
    return {k: v for k, v in (getattr(model, "prompts", None) or {}).items() if isinstance(v, str) and v}


def write_prompts(out_dir: str, prompts: dict[str, str], default_name: str | None) -> None:
    import json

    with open(os.path.join(out_dir, PROMPTS_FILE), "w", encoding="utf-8") as fh:
        json.dump({"prompts": prompts, "default_prompt_name": default_name,
                   "usage": "Prepend prompts['query'] to queries and prompts['document'] to documents "
                            "before tokenizing; the model was trained and evaluated that way."}, fh, indent=2)
        fh.write("\n")


def prompt_variants(model):
    """(prompt the ONNX caller prepends, the PyTorch encode it must match): plain encode (the default
    prompt), and encode_query / encode_document where the model has those prompts."""
    prompts = getattr(model, "prompts", None) or {}
    default = prompts.get(getattr(model, "default_prompt_name", None) or "", "")
    out = [(default, model.encode)]
    if prompts.get("query"):
        out.append((prompts["query"], model.encode_query))
    if prompts.get("document"):
        out.append((prompts["document"], model.encode_document))
    return out


def parity(model, onnx_file: str, texts: list[str], batch_size: int = 16) -> dict:
    """Cosine of ONNX vs PyTorch embeddings per text, batch by batch and one text alone (no padding),
    once per prompt the model uses (ONNX fed the prompted text, PyTorch applying its own prompt)."""
    import numpy as np
    import onnxruntime as ort

    if not texts:
        raise FteError("No held-out texts to check the export against.")
    progress(f"Checking parity on {len(texts)} held-out texts…")
    session = ort.InferenceSession(onnx_file, providers=["CPUExecutionProvider"])
    wanted = [i.name for i in session.get_inputs()]
    batches = [texts[:1]] + [texts[i:i + batch_size] for i in range(0, len(texts), batch_size)]
    cosines: list[float] = []
    for (prompt, encode), batch in ((v, b) for v in prompt_variants(model) for b in batches):
        feats = _features(model, [prompt + t for t in batch])
        got = session.run(None, {n: feats[n].numpy().astype(np.int64) for n in wanted})[0]
        ref = encode(batch, convert_to_numpy=True, show_progress_bar=False)
        num = (got * ref).sum(axis=1)
        den = np.linalg.norm(got, axis=1) * np.linalg.norm(ref, axis=1)
        cosines.extend((num / np.maximum(den, 1e-12)).tolist())
    return {"texts": len(texts), "prompts_checked": len(prompt_variants(model)), "mean_cosine": float(np.mean(cosines)), "min_cosine": float(np.min(cosines)),
            "threshold": MIN_COSINE, "ok": bool(np.min(cosines) >= MIN_COSINE)}
