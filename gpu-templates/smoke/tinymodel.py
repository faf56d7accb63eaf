"""A tiny BERT with a working WordPiece tokenizer, offline, for tests and the GPU proof.

transformers 5 trap: `BertTokenizer(vocab_file=...)` / `BertTokenizerFast(vocab_file=...)` can
silently build a 5-token vocabulary, so every text becomes `[UNK]`, every embedding is the same,
and training learns nothing without any error. The tokenizer is therefore built with the
`tokenizers` library and wrapped in `PreTrainedTokenizerFast`, and its size and its tokens are
checked after saving and loading it back.
"""
from __future__ import annotations

SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


class TokenizerError(AssertionError):
    pass


def save_tokenizer(path: str, vocab: list[str]) -> None:
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    ids = {w: i for i, w in enumerate(vocab)}
    tok = Tokenizer(models.WordPiece(vocab=ids, unk_token="[UNK]"))
    tok.normalizer = normalizers.BertNormalizer(lowercase=True)
    tok.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", ids["[CLS]"]), ("[SEP]", ids["[SEP]"])])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]",
                                   sep_token="[SEP]", mask_token="[MASK]", model_max_length=512)
    fast.save_pretrained(path)
    check_tokenizer(path, vocab)


def check_tokenizer(path: str, vocab: list[str]) -> None:
    """Loads the saved tokenizer as sentence-transformers will and proves it knows the words."""
    from transformers import AutoTokenizer

    loaded = AutoTokenizer.from_pretrained(path)
    if len(loaded) != len(vocab):
        raise TokenizerError(f"tokenizer in {path} has {len(loaded)} tokens, expected {len(vocab)}")
    words = [w for w in vocab if w not in SPECIAL][:3]
    ids = loaded(" ".join(words))["input_ids"]
    unk = loaded.convert_tokens_to_ids("[UNK]")
    if unk in ids or len(ids) != len(words) + 2:
        raise TokenizerError(f"tokenizer in {path} maps {words} to {ids} (UNK is {unk})")


def build_model(path: str, vocab: list[str], base_sized: bool = False, hidden: int = 32) -> None:
    """A random BERT (tiny, or BERT-base-sized for throughput) plus the tokenizer, in one folder."""
    from transformers import BertConfig, BertModel

    if base_sized:
        config = BertConfig(vocab_size=max(len(vocab), 30522))  # 110M parameters: the real compute cost
    else:
        config = BertConfig(vocab_size=len(vocab), hidden_size=hidden, num_hidden_layers=2, num_attention_heads=2,
                            intermediate_size=hidden * 2, max_position_embeddings=128)
    BertModel(config).save_pretrained(path)
    save_tokenizer(path, vocab)
