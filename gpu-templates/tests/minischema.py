"""A small JSON Schema (2020-12) validator for the keywords events.schema.json uses, so the
contract tests also run where the `jsonschema` package is missing (Debian's python3)."""
from __future__ import annotations

import re

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool) or (isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
# Annotations and keywords checked elsewhere (format is an annotation in 2020-12).
_IGNORED = {"$schema", "$id", "title", "description", "format", "$defs", "default", "examples"}


def errors(instance, schema: dict, root: dict | None = None, path: str = "$") -> list[str]:
    root = root if root is not None else schema
    out: list[str] = []
    for key, rule in schema.items():
        if key in _IGNORED:
            continue
        check = _KEYWORDS.get(key)
        if check is None:
            raise NotImplementedError(f"minischema: keyword {key!r} at {path}")
        out.extend(check(instance, rule, schema, root, path))
    return out


def _ref(v, rule, schema, root, path):
    node = root
    for part in rule.removeprefix("#/").split("/"):
        node = node[part]
    return errors(v, node, root, path)


def _type(v, rule, schema, root, path):
    kinds = rule if isinstance(rule, list) else [rule]
    return [] if any(_TYPES[k](v) for k in kinds) else [f"{path}: expected {rule}, got {type(v).__name__}"]


def _props(v, rule, schema, root, path):
    if not isinstance(v, dict):
        return []
    return [e for k, sub in rule.items() if k in v for e in errors(v[k], sub, root, f"{path}.{k}")]


def _required(v, rule, schema, root, path):
    return [f"{path}: missing {k!r}" for k in rule if isinstance(v, dict) and k not in v]


def _additional(v, rule, schema, root, path):
    if not isinstance(v, dict):
        return []
    extra = [k for k in v if k not in schema.get("properties", {})]
    if rule is False:
        return [f"{path}: unexpected {k!r}" for k in extra]
    if isinstance(rule, dict):
        return [e for k in extra for e in errors(v[k], rule, root, f"{path}.{k}")]
    return []


def _one_of(v, rule, schema, root, path):
    matches = sum(1 for sub in rule if not errors(v, sub, root, path))
    if matches == 1:
        return []
    detail = ""
    if isinstance(v, dict) and matches == 0:  # report the branch whose `type` const matches
        for sub in rule:
            target = _ref_target(sub, root)
            if target.get("properties", {}).get("type", {}).get("const") == v.get("type"):
                detail = "; " + "; ".join(errors(v, sub, root, path))
    return [f"{path}: matches {matches} of oneOf{detail}"]


def _any_of(v, rule, schema, root, path):
    return [] if any(not errors(v, sub, root, path) for sub in rule) else [f"{path}: matches no anyOf"]


def _ref_target(sub, root):
    return _ref_node(sub["$ref"], root) if "$ref" in sub else sub


def _ref_node(ref, root):
    node = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _items(v, rule, schema, root, path):
    """Items after the prefixItems ones; `items: false` (a tuple) allows none."""
    if not isinstance(v, list):
        return []
    start = len(schema.get("prefixItems", []))
    if rule is False:
        return [] if len(v) <= start else [f"{path}: more than {start} items"]
    return [e for i, item in enumerate(v[start:], start) for e in errors(item, rule, root, f"{path}[{i}]")]


def _prefix_items(v, rule, schema, root, path):
    if not isinstance(v, list):
        return []
    return [e for i, (item, sub) in enumerate(zip(v, rule)) for e in errors(item, sub, root, f"{path}[{i}]")]


def _cmp(op, name):
    def check(v, rule, schema, root, path):
        ok = not _TYPES["number"](v) or op(v, rule)
        return [] if ok else [f"{path}: {v} violates {name} {rule}"]
    return check


def _pattern(v, rule, schema, root, path):
    return [] if not isinstance(v, str) or re.search(rule, v) else [f"{path}: {v!r} does not match pattern"]


_KEYWORDS = {
    "$ref": _ref, "type": _type, "properties": _props, "required": _required,
    "additionalProperties": _additional, "oneOf": _one_of, "anyOf": _any_of, "items": _items,
    "prefixItems": _prefix_items,
    "minItems": lambda v, r, s, root, p: [] if not isinstance(v, list) or len(v) >= r else [f"{p}: fewer than {r} items"],
    "maxItems": lambda v, r, s, root, p: [] if not isinstance(v, list) or len(v) <= r else [f"{p}: more than {r} items"],
    "const": lambda v, r, s, root, p: [] if v == r and type(v) is not bool or v is r else [f"{p}: expected {r!r}"],
    "enum": lambda v, r, s, root, p: [] if v in r else [f"{p}: {v!r} not in {r}"],
    "minimum": _cmp(lambda a, b: a >= b, "minimum"), "maximum": _cmp(lambda a, b: a <= b, "maximum"),
    "exclusiveMinimum": _cmp(lambda a, b: a > b, "exclusiveMinimum"),
    "minLength": lambda v, r, s, root, p: [] if not isinstance(v, str) or len(v) >= r else [f"{p}: shorter than {r}"],
    "pattern": _pattern,
    "propertyNames": lambda v, r, s, root, p: [e for k in (v if isinstance(v, dict) else {}) for e in errors(k, r, root, p)],
}
