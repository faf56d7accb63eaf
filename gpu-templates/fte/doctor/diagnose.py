"""The data doctor: reads the dataset a job names, runs the steps training runs (fte/data.py:
column mapping, sampling, dropping empty rows, label/score options, deduplication, the exact
held-out split) and reports findings on what it sees. See gpu-templates/doctor.py (the CLI)."""
from __future__ import annotations

import difflib

from ..columnio import column
from ..columns import ordered_columns
from ..data import (ROW, clean, drop_duplicate_rows, keep_usable, load_raw, load_source, map_values, seed_of, select,
                   split_data, split_validation)
from ..errors import DatasetError, MissingColumnError, classify
from ..findings import edit, finding, fix
from ..jobspec import Column, JobSpec
from ..stepmeter import peak_mb, step
from ..values import map_label, normalised_map
from .budget import available_mb, need_mb, rows_that_fit
from .overlap import overlap_findings
from .rows import duplicate_findings, empty_findings, leakage_findings
from .size import mining_suggestion, size_findings
from .tokens import token_findings
from .values import label_findings, role_findings, score_findings

ORDER = {"error": 0, "warning": 1, "info": 2}
SAMPLE_VALUES = 200  # values per unmapped column, to spot the column that holds the texts


def _columns(data, names: list[str]) -> dict:
    return {n: column(data, n) for n in names}


class _Rows:
    """The selected rows' columns as Python lists, read once; every later subset (the rows kept,
    train, validation, test) takes its texts from them by row id. Arrow-to-list makes a new str
    per value per read, so reading each subset on its own held each text three or four times
    (3.7 GB at 2M pairs); shared, a text is one object and a subset costs a list of pointers."""

    def __init__(self, sel, targets: list[str], texts: set[str]) -> None:
        import numpy as np

        self.targets, self.texts = targets, texts
        self.data, self.ids = _columns(sel, targets), column(sel, ROW)
        self.where = np.full(max(self.ids, default=0) + 1, -1, dtype=np.int64)
        self.where[np.asarray(self.ids, dtype=np.int64)] = np.arange(len(self.ids), dtype=np.int64)

    def subset(self, part, with_ids: bool = False) -> dict:
        """`part`'s columns (a subset of the selected rows: ROW kept); label/score are read from
        `part` itself, since label_map and score_range rewrite them."""
        rows = column(part, ROW)
        at = self.where[rows].tolist() if rows else []
        out = {t: ([self.data[t][i] for i in at] if t in self.texts else column(part, t)) for t in self.targets}
        if with_ids:
            out["ids"] = rows
        return out


def diagnose(job: JobSpec, tokens: bool = True) -> dict:
    findings, stats = _diagnose(job, tokens)
    findings.sort(key=lambda f: ORDER[f["severity"]])
    return {"findings": findings, "stats": stats}


def _diagnose(job: JobSpec, tokens: bool) -> tuple[list[dict], dict]:
    cols = ordered_columns(job.columns)
    source = {c.target: c.source for c in cols}
    try:
        with step("reading the dataset") as reading:
            raw = load_raw(job)
            reading.rows = len(raw)
    except Exception as exc:  # noqa: BLE001 - every way of failing to read becomes one finding
        return [load_finding(job, exc)], {}
    stats: dict = {"total_rows": len(raw)}
    capped = _within_memory(raw)
    if capped is not None:
        raw, note = capped
        stats["checked_rows"] = len(raw)
    with step("checking the rows", len(raw)) as checking:
        out = _checks(job, cols, source, raw, stats, tokens)
    if capped is not None:
        out.append(note)
    stats.update(seconds=round(reading.seconds + checking.seconds, 2), peak_memory_mb=peak_mb())
    return out, stats


def _within_memory(raw):
    """(the first rows that fit this machine's free memory, the finding that says so), or None
    when the whole dataset fits: memory stays bounded whatever the file's size."""
    rows, nbytes, free = len(raw), int(raw.data.nbytes), available_mb()
    keep = rows_that_fit(rows, nbytes, free)
    if keep >= rows:
        return None
    note = finding("checked-a-sample", "info",
                   f"The data check read the first {keep:,} of {rows:,} rows: checking all of them would need about "
                   f"{need_mb(nbytes) / 1024:.1f} GB of memory and {free / 1024:.1f} GB is free here. Training reads "
                   "every row; free memory (or check on a larger machine) to check them all.", ["dataset"])
    return raw.select(range(keep)), note


def _checks(job: JobSpec, cols, source: dict, raw, stats: dict, tokens: bool) -> list[dict]:
    try:
        sel = select(job, raw)
    except MissingColumnError as exc:
        return [missing_column_finding(job, exc)]
    targets = [c.target for c in cols]
    rows = _Rows(sel, targets, {c.target for c in cols if c.role not in ("label", "score")})
    data, ids = rows.data, rows.ids
    stats["sampled_rows"] = len(ids)
    mapped = {c.source for c in cols}
    head = raw.select(range(min(len(raw), SAMPLE_VALUES)))
    others = {n: column(head, n) for n in raw.column_names if n not in mapped}
    out = role_findings(cols, data, ids, source, others)
    wrong_roles = bool(out)
    out += empty_findings(cols, data, ids)
    kept = keep_usable(job, sel)
    stats["dropped_empty"] = len(sel) - len(kept)
    if not len(kept):
        out.append(finding("no-usable-rows", "error", "No row has every mapped column filled in: training would have nothing to learn from.",
                           ["dataset", "columns"]))
        return out
    try:
        kept, mapped_ok = map_values(job, kept), True
    except DatasetError:
        mapped_ok = False  # label_map / score_range gaps are reported by the value checks below, with the rows
    kept = drop_duplicate_rows(job, kept)
    try:
        train, validation, held = _three_splits(job, kept)
    except DatasetError as exc:
        out.append(finding("too-few-rows", "error", f"{exc.message} {exc.hint or ''}".strip(), ["dataset", "test_size"]))
        return out
    train_cols, val_cols = rows.subset(train, with_ids=True), rows.subset(validation, with_ids=True)
    if job.dataset.get("eval"):  # its own file: its row ids are not the selected rows'
        held_cols = _columns(held, targets + [ROW])
        held_cols["ids"] = held_cols.pop(ROW)
    else:
        held_cols = rows.subset(held, with_ids=True)
    stats.update(train_rows=len(train), validation_rows=len(validation), test_rows=len(held), eval_rows=len(held))
    kept_cols = rows.subset(kept, with_ids=True)
    kept_ids = kept_cols.pop("ids")
    if not mapped_ok and "label" in kept_cols:
        mapping = normalised_map(job.dataset.get("label_map"))
        kept_cols["label"] = [map_label(v, mapping) for v in kept_cols["label"]]
    if not wrong_roles:
        out += _value_findings(job, cols, kept_cols, kept_ids, held_cols, source)
    out += duplicate_findings(cols, kept_cols, kept_ids, bool(job.dataset.get("drop_duplicates")))
    out += leakage_findings(job, cols, train_cols, held_cols)
    out += overlap_findings(job, cols, {"train": train_cols, "validation": val_cols, "test": held_cols})
    distinct = {c.role: len(set(train_cols[c.target])) for c in cols if c.role in ("anchor", "positive")}
    out += size_findings(job, len(train), len(held), distinct)
    out += mining_suggestion(job, cols)
    if tokens and not wrong_roles:
        texts = {c.role: [str(v) for v in kept_cols[c.target]] for c in cols if c.role not in ("label", "score")}
        found, token_stats = token_findings(job, texts, seed_of(job))
        out += found
        if token_stats:
            stats["tokens"] = token_stats
    return out


def _three_splits(job: JobSpec, kept):
    """(train, validation, test) exactly as prepare() makes them, ROW kept so findings name rows."""
    if job.dataset.get("eval"):
        explicit = job.dataset["eval"]
        columns = [Column(c["role"], c["source"], c["target"]) for c in explicit.get("columns") or []] or None
        held, _ = clean(job, load_source(explicit), columns, sample=False)
        rest = kept
    else:
        rest, held = split_data(job, kept)
    train, validation = split_validation(job, rest)
    return train, validation, held


def _value_findings(job, cols, data: dict, ids: list[int], held: dict, source: dict) -> list[dict]:
    value = next((c for c in cols if c.role in ("label", "score")), None)
    if value is None:
        return []
    if value.role == "label":
        return label_findings(job, data["label"], ids, held.get("label"), source["label"])
    return score_findings(job, data["score"], ids, source["score"])


def load_finding(job: JobSpec, exc: BaseException) -> dict:
    ds = job.dataset
    category, message, hint = classify(exc, "preparing_data")
    where = ["dataset", "hub"] if ds.get("hub") else ["dataset", "path"]
    if ds.get("hub") and category == "network":
        return finding("hub-unreachable", "warning",
                       f"The data check could not read {ds['hub']}: the Hugging Face Hub is not reachable from this "
                       "machine and the dataset is not in its cache. The run itself downloads it on the GPU machine; "
                       "to check it here, run the data check where the Hub is reachable or point dataset.path at a local copy.",
                       where)
    return finding("dataset-unreadable", "error", f"The dataset cannot be read: {message}" + (f" {hint}" if hint else ""), where)


def missing_column_finding(job: JobSpec, exc: MissingColumnError) -> dict:
    cols = ordered_columns(job.columns)
    first = next(c for c in cols if c.source in exc.missing)
    lowered = {name.lower(): name for name in exc.available}
    close = difflib.get_close_matches(first.source.lower(), list(lowered), n=1, cutoff=0.5)
    guess = [lowered[close[0]]] if close else []
    at = ["dataset", "columns", first.role]
    return finding("column-not-found", "error", f"{exc.message} {exc.hint}", at,
                   fix=fix(f'Use column "{guess[0]}"', edit(at, guess[0])) if guess else None)
