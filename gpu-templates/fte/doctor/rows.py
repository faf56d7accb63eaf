"""Doctor checks on rows: empty texts, missing values, duplicates, train/test leakage."""
from __future__ import annotations

from ..columns import is_empty_text
from ..findings import edit, finding, fix, plural, rows_text, share, verb

ANCHOR_LEAK = 0.05  # share of held-out rows whose anchor also trains before it is worth a warning


def empty_findings(cols, data: dict, ids: list[int]) -> list[dict]:
    out = []
    total = len(ids)
    for c in cols:
        values = data[c.target]
        if c.role in ("label", "score"):
            rows = [i for i, v in zip(ids, values) if v is None]
            what, code = f"no {c.role}", "missing-value"
        else:
            rows = [i for i, v in zip(ids, values) if is_empty_text(v)]
            what, code = f"an empty {c.role}", "empty-text"
        if rows:
            out.append(finding(code, "warning",
                               f'{plural(len(rows), "row")} ({share(len(rows), total)}) {verb(len(rows), "has", "have")} {what} (column "{c.source}"): '
                               f"{rows_text(rows)}. Training drops them; fill them in or remove them from the file.",
                               ["dataset", "columns", c.role], rows=rows))
    return out


def _key(values: tuple) -> tuple:
    return tuple(v.strip() if isinstance(v, str) else repr(v) for v in values)


def duplicate_findings(cols, data: dict, ids: list[int], dedupe_on: bool) -> list[dict]:
    texts = [c.target for c in cols if c.role not in ("label", "score")]
    value = next((c.target for c in cols if c.role in ("label", "score")), None)
    first: dict = {}
    repeats, conflicts = [], []
    for n, row_id in enumerate(ids):
        pair = _key(tuple(data[t][n] for t in texts))
        v = data[value][n] if value else None
        if pair in first:
            was_id, was_v = first[pair]
            (repeats if v == was_v else conflicts).append((row_id, was_id, was_v, v))
        else:
            first[pair] = (row_id, v)
    out = []
    if repeats and not dedupe_on:
        shown = ", ".join(f"{r} repeats {w}" for r, w, _, _ in repeats[:3])
        out.append(finding("duplicate-rows", "warning",
                           f"{plural(len(repeats), 'row')} {verb(len(repeats), 'repeats', 'repeat')} an earlier row exactly ({shown}"
                           f"{' ...' if len(repeats) > 3 else ''}): they weigh those examples twice, and a copy in the "
                           "held-out split is a question the model has already seen. Set dataset.drop_duplicates: true.",
                           ["dataset"], rows=[r for r, *_ in repeats],
                           fix=fix("Drop exact duplicate rows (dataset.drop_duplicates)",
                                   edit(["dataset", "drop_duplicates"], True))))
    if conflicts:
        r, w, was, now = conflicts[0]
        out.append(finding("conflicting-duplicates", "warning",
                           f"{plural(len(conflicts), 'row')} {verb(len(conflicts), 'has', 'have')} the same texts as an earlier row but a different "
                           f"{value}: row {r} says {now!r}, row {w} said {was!r}. The model is taught both; fix or remove one.",
                           ["dataset", "columns", value or "label"], rows=[r for r, *_ in conflicts]))
    return out


def leakage_findings(job, cols, train: dict, held: dict) -> list[dict]:
    """Rows of the held-out split (as training splits it) that also occur in the training split."""
    texts = [c.target for c in cols if c.role not in ("label", "score")]
    first = next(c for c in cols if c.role not in ("label", "score"))
    n_eval = len(held["ids"])
    if not n_eval:
        return []
    train_pairs = {_key(p) for p in zip(*(train[t] for t in texts))}
    leaked = [i for i, p in zip(held["ids"], zip(*(held[t] for t in texts))) if _key(p) in train_pairs]
    out = []
    if leaked:
        # Exact copies go with drop_duplicates; the same texts with another label only with the split.
        full = texts + [c.target for c in cols if c.role in ("label", "score")]
        train_rows = {_key(r) for r in zip(*(train[t] for t in full))}
        leaked_ids = set(leaked)
        exact = all(_key(r) in train_rows for i, r in zip(held["ids"], zip(*(held[t] for t in full))) if i in leaked_ids)
        explicit = bool(job.dataset.get("eval"))
        if explicit:
            fixes = None  # the rows are in the user's test file: only they can remove them
        elif exact and not job.dataset.get("drop_duplicates"):
            fixes = fix("Drop exact duplicate rows (dataset.drop_duplicates)", edit(["dataset", "drop_duplicates"], True))
        elif not job.dataset.get("split_by"):
            fixes = fix(f"Split by {first.role} (dataset.split_by)", edit(["dataset", "split_by"], first.role))
        else:
            fixes = None
        out.append(finding("leakage-pair", "warning",
                           f"{plural(len(leaked), 'held-out row')} ({share(len(leaked), n_eval)} of the evaluation split) "
                           f"{verb(len(leaked), 'has', 'have')} the same texts as a training row ({rows_text(leaked)}): the evaluator then scores "
                           "pairs the model was trained on, and the metric overstates how well it generalises. "
                           + ("They are in dataset.eval's file: remove them there." if explicit else
                              "Drop duplicate rows before the split." if exact else
                              f"Some of them carry a different {full[-1]}; hold out whole {first.role}s so each pair stays on one side."),
                           ["dataset", "eval" if explicit else "test_size"], rows=leaked, fix=fixes))
    if job.dataset.get("split_by") == first.target or first.role == "text1":
        return out  # held out by anchor already; pair tasks are checked text by text (doctor/overlap.py)
    train_anchors = {_key((a,)) for a in train[first.target]}
    leaked_ids = set(leaked)
    shared = [i for i, a in zip(held["ids"], held[first.target]) if _key((a,)) in train_anchors and i not in leaked_ids]
    if shared and len(shared) >= ANCHOR_LEAK * n_eval:
        out.append(finding("leakage-anchor", "warning",
                           f"{plural(len(shared), 'held-out row')} ({share(len(shared), n_eval)} of the evaluation split) "
                           f"{verb(len(shared), 'shares its', 'share their')} {first.role} with a training row ({rows_text(shared)}): the model is evaluated "
                           f"on {first.role}s it has trained on. Hold out whole {first.role}s with dataset.split_by: {first.role}.",
                           ["dataset", "eval" if job.dataset.get("eval") else "test_size"], rows=shared,
                           fix=None if job.dataset.get("eval") else
                           fix(f"Split by {first.role} (dataset.split_by)", edit(["dataset", "split_by"], first.role))))
    return out
