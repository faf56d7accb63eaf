"""Test models beyond the plain tiny BERT (trainkit): one whose folder ships its own modeling code
(loads only with trust_remote_code), and an asymmetric Router model (separate query and document
towers). Both reuse trainkit's tokenizer builder, so every word is a real token."""
from __future__ import annotations

import json
import os

from .trainkit import build_model

REMOTE_CONFIG = '''from transformers import BertConfig


class TinyRemoteConfig(BertConfig):
    model_type = "tiny-remote"
'''

# The mark proves the folder's own code ran (and, when absent, that it did not).
REMOTE_MODEL = '''import os

from transformers import BertModel

from .configuration_tinyremote import TinyRemoteConfig


class TinyRemoteModel(BertModel):
    config_class = TinyRemoteConfig

    def __init__(self, config, *args, **kwargs):
        super().__init__(config, *args, **kwargs)
        mark = os.environ.get("FTE_TEST_REMOTE_MARK")
        if mark:
            with open(mark, "a", encoding="utf-8") as fh:
                fh.write("remote code ran\\n")
'''


def build_remote_code_model(path: str, vocab: list[str]) -> str:
    build_model(path, vocab)
    for name, text in (("configuration_tinyremote.py", REMOTE_CONFIG), ("modeling_tinyremote.py", REMOTE_MODEL)):
        with open(os.path.join(path, name), "w", encoding="utf-8") as fh:
            fh.write(text)
    cfg_path = os.path.join(path, "config.json")
    with open(cfg_path, encoding="utf-8") as fh:
        cfg = json.load(fh)
    cfg.update(model_type="tiny-remote", architectures=["TinyRemoteModel"],
               auto_map={"AutoConfig": "configuration_tinyremote.TinyRemoteConfig",
                         "AutoModel": "modeling_tinyremote.TinyRemoteModel"})
    with open(cfg_path, "w", encoding="utf-8") as fh:
        json.dump(cfg, fh, indent=2)
    return path


def build_router_model(path: str, vocab: list[str], hidden: int = 32) -> str:
    """Router.for_query_document over two tiny BERT towers (different random weights)."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Router, Transformer

    towers = []
    for side in ("query", "document"):
        folder = f"{path}-{side}-bert"
        build_model(folder, vocab, hidden=hidden)
        t = Transformer(folder, max_seq_length=32)
        towers.append([t, Pooling(t.get_embedding_dimension(), "mean")])
    model = SentenceTransformer(modules=[Router.for_query_document(towers[0], towers[1])], device="cpu")
    model.save_pretrained(path)
    return path


def build_long_context_model(path: str, vocab: list[str], positions: int = 2048) -> str:
    """A tiny BERT that accepts `positions` tokens (as ModernBERT-style bases accept 8k): the
    tokenizer's model_max_length says so too, so sentence-transformers' default max_seq_length is long."""
    from transformers import BertConfig, BertModel

    from .trainkit import SMOKE  # noqa: F401 - puts smoke/ on sys.path
    from tinymodel import save_tokenizer

    BertModel(BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                         intermediate_size=64, max_position_embeddings=positions)).save_pretrained(path)
    save_tokenizer(path, vocab)
    cfg_path = os.path.join(path, "tokenizer_config.json")
    with open(cfg_path, encoding="utf-8") as fh:
        cfg = json.load(fh)
    cfg["model_max_length"] = positions
    with open(cfg_path, "w", encoding="utf-8") as fh:
        json.dump(cfg, fh, indent=2)
    return path
