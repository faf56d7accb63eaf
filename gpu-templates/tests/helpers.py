"""Shared test helpers: paths, the events schema, and validation with both validators."""
from __future__ import annotations

import json
import os

from . import minischema

TEMPLATES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(TEMPLATES)
SCHEMA_PATH = os.path.join(TEMPLATES, "events.schema.json")
FIXTURES = os.path.join(TEMPLATES, "tests", "fixtures")
FINETUNE = os.path.join(TEMPLATES, "finetune.py")

with open(SCHEMA_PATH, encoding="utf-8") as _fh:
    SCHEMA = json.load(_fh)

try:  # the full validator where installed (pyenv's python3); minischema everywhere
    import jsonschema

    _VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
except ImportError:  # pragma: no cover - depends on the machine
    _VALIDATOR = None


def schema_errors(event: dict) -> list[str]:
    found = minischema.errors(event, SCHEMA)
    if _VALIDATOR is not None:
        found += [f"jsonschema: {e.message}" for e in _VALIDATOR.iter_errors(event)]
    return found


def has_jsonschema() -> bool:
    return _VALIDATOR is not None
