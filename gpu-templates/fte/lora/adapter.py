"""training.lora: a LoRA adapter instead of every weight, following the maintainers'
train_sentence_transformer_with_lora_example.py (TaskType.FEATURE_EXTRACTION, r / lora_alpha /
lora_dropout, target_modules=None lets peft pick the attention projections). The run saves the
adapter (a few MB, loads on the base with peft) and a merged model, which loads without peft, so
Try it, ONNX export and push work on it unchanged."""
from __future__ import annotations

import os

from ..errors import ConfigError

ADAPTER_DIR = "adapter"


def add(model, lora: dict) -> None:
    from ..envinfo import check_packages

    check_packages(("peft",))  # a clear "install peft" error, not an ImportError traceback
    from peft import LoraConfig, TaskType

    config = LoraConfig(task_type=TaskType.FEATURE_EXTRACTION, r=int(lora["r"]), lora_alpha=float(lora["alpha"]),
                        lora_dropout=float(lora["dropout"]), target_modules=lora.get("target_modules") or None)
    try:
        model.add_adapter(config)
    except ValueError as exc:
        if "target_modules" in str(exc) or "not found in the base model" in str(exc):
            raise ConfigError(f"training.lora.target_modules: {exc}",
                              f"Name Linear layers of this model, e.g. {', '.join(linear_names(model)[:8])}.") from None
        raise


def linear_names(model) -> list[str]:
    import torch

    names = {n.rsplit(".", 1)[-1] for n, m in model.named_modules() if isinstance(m, torch.nn.Linear)}
    return sorted(names)


def merge(model) -> None:
    """Folds the adapter into the base weights in place: the model saves and loads like any other."""
    from peft.tuners.tuners_utils import BaseTunerLayer

    inner = model.transformers_model
    for name, module in list(inner.named_modules()):
        if isinstance(module, BaseTunerLayer):
            module.merge()
            parent, _, child = name.rpartition(".")
            setattr(inner.get_submodule(parent) if parent else inner, child, module.get_base_layer())
    inner._hf_peft_config_loaded = False  # transformers would otherwise save only an adapter
    if hasattr(inner, "peft_config"):
        del inner.peft_config


def save(model, run_dir: str) -> str:
    """Writes RUN/adapter (the adapter alone), then merges it into `model`. Returns the adapter folder."""
    path = os.path.join(run_dir, ADAPTER_DIR)
    model.save_pretrained(path)
    merge(model)
    return path
