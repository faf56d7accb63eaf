"""The forgetting check: `evaluation.also` sets (same task format, e.g. last quarter's queries or a
public set the base model already did well on), scored with the base model before training and
with the chosen model after, each with its change and paired-bootstrap interval."""
from __future__ import annotations

from ..jobspec import Column, JobSpec


def also_sets(job: JobSpec) -> list[dict]:
    return list((job.raw.get("evaluation") or {}).get("also") or [])


def build_also(job: JobSpec, batch_size: int) -> list[tuple[str, object]]:
    """(name, evaluator) per set: its rows cleaned like the data (its own column names), its own
    documents as the corpus; evaluator names as the job's, so the primary key is the same."""
    from ..build import build_evaluator
    from ..data import clean, load_source

    out = []
    for spec in also_sets(job):
        columns = [Column(c["role"], c["source"], c["target"]) for c in spec.get("columns") or []] or None
        rows, _ = clean(job, load_source(spec), columns, sample=False)
        rows = rows.remove_columns("__fte_row")
        out.append((spec["name"], build_evaluator(job, rows, None, batch_size=batch_size, write_predictions=True)))
    return out


def score_all(sets: list[tuple[str, object]], model, key: str, short: str) -> dict:
    from .scoring import score_test

    return {name: score_test(ev, model, key, short) for name, ev in sets}


def also_reports(before: dict, after: dict, key: str, greater_is_better: bool, seed: int) -> list[dict]:
    from .scoring import test_report

    out = []
    for name, base in before.items():
        r = test_report(base, after[name], key, greater_is_better, None, seed)
        out.append({"name": name, "metric": key, "n": r["n"], "baseline": r["baseline"], "finetuned": r["finetuned"],
                    "delta": r["delta"], "delta_ci95": r["delta_ci95"], "verdict": r["verdict"]})
    return out
