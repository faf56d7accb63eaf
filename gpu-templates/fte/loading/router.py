"""Asymmetric Router models (separate query and document paths) need the trainer's
`router_mapping` (column -> route), or the trainer refuses to start, after the baseline was paid
for. The routes come from the roles, as the prompts do: anchor -> query; positive, negative ->
document; symmetric tasks use the router's default route."""
from __future__ import annotations

from ..errors import ConfigError


def find_router(model):
    try:
        from sentence_transformers.base.modules.router import Router
    except ImportError:  # pragma: no cover - older sentence-transformers
        from sentence_transformers.models import Router
    return next((m for m in model.children() if isinstance(m, Router)), None)


def routes_for(columns, train_columns: list[str], routes: list[str], symmetric: bool, default: str | None) -> dict[str, str]:
    """{training column: route}. Pure; `columns` are jobspec.Column objects."""
    roles = {c.target: c.role for c in columns}
    out: dict[str, str] = {}
    for name in train_columns:
        role = roles.get(name) or ("negative" if name.startswith("negative") else None)
        if role is None or role in ("label", "score"):
            continue
        if symmetric:
            if default is None:
                raise ConfigError(f"The base model routes texts by task ({', '.join(routes)}) and has no default route "
                                  "for a task that compares texts of one kind.",
                                  "Use an information-retrieval or triplet task with this model, or a model without a Router.")
            out[name] = default
            continue
        want = "query" if role == "anchor" else "document"
        if want not in routes:
            raise ConfigError(f"The base model's Router has the routes {', '.join(routes)}, not {want!r}, so the "
                              f"{role} column has nowhere to go.",
                              "Use a model built with Router.for_query_document (routes query and document).")
        out[name] = want
    return out


def router_mapping(model, job, train_columns: list[str]) -> dict[str, str]:
    router = find_router(model)
    if router is None:
        return {}
    symmetric = bool((job.raw.get("prompts") or {}).get("symmetric"))
    return routes_for(job.columns, train_columns, list(router.sub_modules.keys()), symmetric, router.default_route)
