"""Throughput of one training step on a BERT-base-sized random model at sequence length 128:
pairs/s, tokens/s and the achieved fraction of the GPU's dense bf16 peak."""
from __future__ import annotations

import time

# Dense (non-sparse) bf16 tensor-core peaks in TFLOPS, from the vendors' data sheets.
BF16_PEAK_TFLOPS = [("H200", 989.0), ("H100 PCIe", 756.0), ("H100", 989.0), ("A100", 312.0), ("L40S", 362.0),
                    ("A10G", 70.0), ("A10", 125.0), ("L4", 121.0), ("B200", 2250.0)]


def peak_tflops(name: str) -> float | None:
    for key, value in BF16_PEAK_TFLOPS:
        if key in name:
            return value
    return None


def flops_per_token(params: int, layers: int, hidden: int, seq: int) -> float:
    """Training FLOPs per token: 6N for the weights plus 12·L·H·S for attention (PaLM appendix B)."""
    return 6 * params + 12 * layers * hidden * seq


def measure(model_dir: str, vocab: list[str], batch: int = 64, seq: int = 128, steps: int = 20, warmup: int = 5) -> dict:
    import torch
    from sentence_transformers import SentenceTransformer, losses

    model = SentenceTransformer(model_dir, device="cuda")
    model.max_seq_length = seq
    loss = losses.MultipleNegativesRankingLoss(model)
    optim = torch.optim.AdamW(model.parameters(), lr=1e-5)
    words = [w for w in vocab if not w.startswith("[")]
    text = lambda i: " ".join(words[(i * 7 + j) % len(words)] for j in range(seq + 8))  # noqa: E731 - fills seq tokens
    anchors = model.tokenize([text(i) for i in range(batch)])
    positives = model.tokenize([text(i + batch) for i in range(batch)])
    feats = [{k: v.to("cuda") for k, v in f.items()} for f in (anchors, positives)]
    tokens_per_step = sum(int(f["attention_mask"].sum()) for f in feats)
    labels = torch.zeros(batch, device="cuda")

    def step():
        with torch.autocast("cuda", dtype=torch.bfloat16):
            value = loss(feats, labels)
        value.backward()
        optim.step()
        optim.zero_grad(set_to_none=True)

    for _ in range(warmup):
        step()
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    torch.cuda.synchronize()
    seconds = (time.perf_counter() - start) / steps
    cfg = model[0].auto_model.config
    params = sum(p.numel() for p in model.parameters())
    flops = flops_per_token(params, cfg.num_hidden_layers, cfg.hidden_size, seq) * tokens_per_step / seconds
    name = torch.cuda.get_device_name(0)
    peak = peak_tflops(name)
    return {"gpu": name, "batch_pairs": batch, "seq_len": seq, "params_m": round(params / 1e6, 1),
            "step_ms": round(seconds * 1000, 2), "pairs_per_s": round(batch / seconds, 1),
            "tokens_per_s": round(tokens_per_step / seconds), "achieved_tflops": round(flops / 1e12, 1),
            "bf16_peak_tflops": peak, "fraction_of_peak": round(flops / (peak * 1e12), 3) if peak else None,
            "peak_memory_mb": round(torch.cuda.max_memory_allocated() / 2**20)}
