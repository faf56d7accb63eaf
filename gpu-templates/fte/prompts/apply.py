"""Puts the resolved prompts on a SentenceTransformer, so encode_query / encode_document (the IR and
triplet evaluators, Try it) and plain encode (the pair evaluators) use them, and save_pretrained
writes them to config_sentence_transformers.json. The maintainers' guide warns that a model trained
with prompts but saved without them is encoded without the prefix by everyone who loads it."""
from __future__ import annotations

from .resolve import SYMMETRIC_NAME, Prompts, resolve


ATTR = "_fte_prompts"


def apply(model, prompts: Prompts) -> None:
    # Remembered on the object: after this the model's own prompts are ours, so resolving again
    # would misreport where they came from.
    setattr(model, ATTR, prompts)
    current = dict(getattr(model, "prompts", None) or {})
    if prompts.symmetric:
        if prompts.source == "config" and not prompts.query:
            model.default_prompt_name = None  # `prompt: ""` turns the model's own default off
        if prompts.query:
            current[SYMMETRIC_NAME] = prompts.query
            model.prompts = current
            model.default_prompt_name = SYMMETRIC_NAME
        return
    # Set both keys, even to "": encode_query with an empty "query" prompt does not fall back to
    # default_prompt_name (sentence-transformers' documented behaviour).
    if prompts.source == "none" and not current:
        return
    current["query"], current["document"] = prompts.query, prompts.document
    model.prompts = current


def resolve_for(model, job_prompts: dict | None) -> Prompts:
    return resolve(job_prompts, getattr(model, "prompts", None), getattr(model, "default_prompt_name", None))


def applied(model) -> Prompts | None:
    return getattr(model, ATTR, None)
