"""Which prompts a candidate is scored with. The one place to switch to issue 18's resolver."""
from __future__ import annotations

from ..errors import ConfigError

# query / document: asymmetric tasks (retrieval, triplets); prompt: one prompt for every text
# (symmetric pair tasks), as issue 18's config key `prompts` names them.
PROMPT_KEYS = ("query", "document", "prompt")


def check_prompts(model: str, prompts) -> dict[str, str] | None:
    """A candidate's `prompts` as given: None, or {query?, document?} of strings."""
    if prompts is None:
        return None
    if not isinstance(prompts, dict) or any(not isinstance(v, str) for v in prompts.values()):
        raise ConfigError(f"The prompts of candidate {model} must be a mapping of names to strings, got {prompts!r}.",
                          'Write them as {"query": "query: ", "document": "passage: "}.')
    unknown = sorted(set(prompts) - set(PROMPT_KEYS))
    if unknown:
        raise ConfigError(f"The prompts of candidate {model} name {', '.join(unknown)}; a bake-off uses "
                          f"{', '.join(PROMPT_KEYS)}.", "Rename them to query / document (or prompt for every text).")
    return dict(prompts)


def candidate_prompts(model, given: dict[str, str] | None) -> dict[str, str]:
    """The prompts the candidate is scored with: the ones given for it, else the model's own
    (config_sentence_transformers.json, which SentenceTransformer(...).prompts holds). Sets them on
    the model, where the evaluators' encode_query / encode_document read them."""
    prompts = dict(model.prompts or {}) if given is None else dict(given)
    model.prompts = prompts
    if given is not None:  # the given prompts replace the model's own, its default included
        model.default_prompt_name = "prompt" if prompts.get("prompt") else None
    return {k: v for k, v in prompts.items() if k in PROMPT_KEYS and v}
