"""Which prompts a run uses. Pure Python (unit-tested without the ML libraries).

Order, following the sentence-transformers maintainers' `prompts_and_instructions.md` ("use the
same prompts at inference" as in training; a model's `config_sentence_transformers.json` prompts
are what anyone who loads it gets): the config's `prompts:`, else the base model's own
`query`/`document` prompts, else the catalog's entry for the model family, else none.
"""
from __future__ import annotations

from dataclasses import dataclass

# Roles -> which prompt the column gets. Asymmetric tasks: anchor = query; positive, negative =
# document. Symmetric tasks (text1/text2, paraphrase mining) use one prompt for every column.
QUERY_ROLES = ("anchor",)
DOCUMENT_ROLES = ("positive", "negative")
SYMMETRIC_NAME = "symmetric"


@dataclass(frozen=True)
class Prompts:
    query: str
    document: str
    symmetric: bool
    # config | model | catalog | none
    source: str

    @property
    def empty(self) -> bool:
        return not self.query and not self.document

    def for_role(self, role: str) -> str:
        if self.symmetric:
            return self.query
        return self.query if role in QUERY_ROLES else self.document

    def as_event(self) -> dict:
        return {"query": self.query, "document": self.document, "symmetric": self.symmetric, "source": self.source}


def resolve(job_prompts: dict | None, model_prompts: dict | None, default_name: str | None = None) -> Prompts:
    """`job_prompts` is the job spec's `prompts` ({symmetric, query, document, source}); `model_prompts`
    the loaded model's `prompts` dict, `default_name` its `default_prompt_name`."""
    jp = job_prompts or {}
    symmetric = bool(jp.get("symmetric"))
    own = {k: v for k, v in (model_prompts or {}).items() if isinstance(v, str)}
    if jp.get("source") == "config":
        return Prompts(jp.get("query") or "", jp.get("document") or "", symmetric, "config")
    if symmetric:
        mine = own.get(default_name or "") or ""
        if mine:
            return Prompts(mine, mine, True, "model")
    elif own.get("query") or own.get("document"):
        return Prompts(own.get("query", ""), own.get("document", ""), False, "model")
    if jp.get("source") == "catalog" and (jp.get("query") or jp.get("document")):
        return Prompts(jp.get("query") or "", jp.get("document") or "", symmetric, "catalog")
    return Prompts("", "", symmetric, "none")


def training_prompts(columns, prompts: Prompts | None, train_columns: list[str]) -> dict[str, str]:
    """{training column: prompt} for the columns the trainer will see: the job's text columns by
    role, and mined negatives (negative_1..n) as documents. `columns` are jobspec.Column objects."""
    if prompts is None or prompts.empty:
        return {}
    roles = {c.target: c.role for c in columns}
    out = {}
    for name in train_columns:
        role = roles.get(name) or ("negative" if name.startswith("negative") else None)
        if role in ("label", "score") or role is None:
            continue
        text = prompts.for_role(role)
        if text:
            out[name] = text
    return out
