"""Dataset loading and preparation (imports `datasets` lazily). The data doctor runs the same
steps (fte/doctor.py), so what it reports is what training will see."""
from __future__ import annotations

import math
from typing import Any, NamedTuple

from .columnio import arrow_column, column
from .columns import check_columns, empty_text_mask, ordered_columns, rename_plan, text_targets, value_target
from .errors import DatasetError
from .groups import group_keys, grouping_name, row_codes
from .jobspec import Column, JobSpec
from .sampling import sample_count
from .split import select_rows, split
from .stepmeter import step
from .values import as_float, check_score_range, map_label, normalise_score, normalised_map, unmapped_labels

LOCAL_BUILDERS = {"csv": "csv", "jsonl": "json", "parquet": "parquet"}
# The 1-based record number in the user's file, carried through sampling and the split so the
# doctor can name rows; prepare() drops it before training.
ROW = "__fte_row"


def load_raw(job: JobSpec):
    return load_source(job.dataset)


def load_source(src: dict):
    """A Hub dataset split or a local file: the dataset, dataset.eval or dataset.corpus."""
    import datasets

    if src.get("path"):
        data = datasets.load_dataset(LOCAL_BUILDERS[src["format"]], data_files=src["path"], split="train")
    else:
        data = datasets.load_dataset(src["hub"], src.get("subset"), split=src.get("split") or "train")
    if isinstance(data, datasets.DatasetDict):  # defensive: a split always gives a Dataset
        data = data[next(iter(data))]
    return data


def select(job: JobSpec, data, columns=None, sample: bool = True):
    """The mapped columns renamed to their targets in the loss's order, plus ROW; subsampled.
    `columns`: dataset.eval's own mapping (same roles and targets, its sources)."""
    cols = ordered_columns(columns or job.columns)
    check_columns(list(data.column_names), cols)
    first, second = rename_plan(cols)
    data = data.select_columns([c.source for c in cols]).rename_columns(first).rename_columns(second)
    data = data.select_columns([c.target for c in cols])  # the loss's positional order
    data = _with_row_numbers(data)
    keep = sample_count(len(data), job.dataset.get("sample")) if sample else len(data)
    if keep < len(data):
        data = data.shuffle(seed=seed_of(job)).select(range(keep))
    return data


def _with_row_numbers(data):
    """data + ROW (1..n). Built as one Arrow array with a fingerprint derived from the data's:
    datasets would otherwise fingerprint a Python list of n ints by pickling it (10 s at 900k rows)."""
    import pyarrow as pa

    rows = pa.array(range(1, len(data) + 1), type=pa.int64())
    return data.add_column(ROW, rows, new_fingerprint=f"{data._fingerprint}-rows")


def seed_of(job: JobSpec) -> int:
    """The data's seed (sampling and every split): dataset.split_seed, separate from training.seed,
    so a new training seed keeps the same test set."""
    return int(job.dataset.get("split_seed", 42))


def keep_usable(job: JobSpec, data):
    """The rows training keeps: every text present, the label/score not null. Column by column
    (datasets' row-by-row filter runs at ~10k rows/s; this in Arrow, without a Python object per value)."""
    import numpy as np

    cols = ordered_columns(job.columns)
    texts, value = text_targets(cols), value_target(cols)
    bad = np.zeros(len(data), dtype=bool)
    for t in texts:
        bad |= empty_text_mask(arrow_column(data, t))
    if value is not None:
        bad |= np.asarray(arrow_column(data, value).is_null().to_numpy(zero_copy_only=False), dtype=bool)
    if not bad.any():
        return data
    return select_rows(data, np.flatnonzero(~bad).tolist())


def map_values(job: JobSpec, data):
    """dataset.label_map / score_range rewrite the label or score column."""
    value = value_target(ordered_columns(job.columns))
    ds = job.dataset
    if value == "label" and ds.get("label_map"):
        mapping = normalised_map(ds["label_map"])
        missing = unmapped_labels(column(data, "label"), mapping)
        if missing:
            raise DatasetError(f"dataset.label_map does not cover the labels {', '.join(missing)}.",
                               "Add each label value to dataset.label_map (as 0 or 1).")
        data = data.map(lambda b: {"label": [map_label(v, mapping) for v in b["label"]]}, batched=True, batch_size=10_000,
                        features=_retyped(data, "label", "int64"))
    if value == "score" and ds.get("score_range") is not None:
        low, high = check_score_range(ds["score_range"])
        bad = sorted({repr(v) for v in column(data, "score") if as_float(v) is None})[:5]
        if bad:
            raise DatasetError(f"The score column holds values that are not numbers: {', '.join(bad)}.",
                               "Scores must be numbers; check that dataset.columns.score names the score column.")
        data = data.map(lambda b: {"score": [normalise_score(v, low, high) for v in b["score"]]}, batched=True, batch_size=10_000,
                        features=_retyped(data, "score", "float64"))
    return data


def _retyped(data, column: str, dtype: str):
    """The features with `column` as `dtype`: map() would otherwise keep a string column a
    string column and turn the mapped 1 back into "1"."""
    import datasets

    features = data.features.copy()
    features[column] = datasets.Value(dtype)
    return features


def drop_duplicate_rows(job: JobSpec, data):
    """dataset.drop_duplicates: keep the first copy of rows whose mapped columns are all equal
    (equal as their repr: 1 and "1" differ). Each column becomes integer codes (Arrow's hash
    kernel for text, the values' repr otherwise), a row's codes one code, and numpy keeps each
    first occurrence: no tuple of strings per row (9 s of a 16 s split at 2M pairs)."""
    if not job.dataset.get("drop_duplicates"):
        return data
    import numpy as np
    import pyarrow as pa

    targets = [c.target for c in ordered_columns(job.columns)]
    kinds = {t: data.data.column(t).type for t in targets}
    texts = [t for t in targets if pa.types.is_string(kinds[t]) or pa.types.is_large_string(kinds[t])]
    # Text columns: codes shared with the split's grouping (one hash pass over the texts).
    shared = dict(zip(texts, row_codes(data, texts) or [])) if texts else {}
    row_key = None
    for k in targets:
        code = shared.get(k)
        if code is None:
            ids: dict = {}
            code = np.asarray([ids.setdefault(repr(v), len(ids)) for v in column(data, k)], dtype=np.int64)
        if row_key is None:
            row_key = code
        else:  # (row so far, this column) -> one code; both are < rows, so the product fits int64
            row_key = np.unique(row_key * (int(code.max(initial=0)) + 1) + code, return_inverse=True)[1].reshape(-1)
    if row_key is None or not len(row_key):
        return data
    first = np.sort(np.unique(row_key, return_index=True)[1])
    return select_rows(data, first.tolist()) if len(first) < len(data) else data


def split_data(job: JobSpec, data):
    """(rest, test): the test set carved with dataset.test_size (when dataset.eval names none)."""
    return split(data, float(job.dataset["test_size"]), seed_of(job), group_keys(job, data))


VALIDATION_MAX = 2000


def validation_max(job: JobSpec) -> int:
    return int(job.dataset.get("validation_max") or VALIDATION_MAX)


def split_validation(job: JobSpec, rest):
    """(train, validation): the validation set carved from the training rows with
    dataset.validation_size, at most dataset.validation_max rows (default 2,000): it is scored at
    every evaluation, so its cost recurs; the rows over the cap train."""
    return split(rest, float(job.dataset.get("validation_size", 0.1)), seed_of(job), group_keys(job, rest),
                 max_rows=validation_max(job))


class Prepared(NamedTuple):
    """The three roles of data: train (learned from), validation (checkpoint choice, live
    evaluation, a sweep's trial choice) and test (scored twice: the base model and the chosen one)."""
    train: Any
    validation: Any
    test: Any
    info: dict


def clean(job: JobSpec, data, columns=None, sample: bool = True):
    """Select, rename and order columns; subsample; drop empty texts; apply the dataset options.
    Returns (rows, counts) with ROW still in the rows."""
    total = len(data)
    data = select(job, data, columns, sample)
    keep = len(data)
    data = keep_usable(job, data)
    dropped = keep - len(data)
    data = drop_duplicate_rows(job, map_values(job, data))
    value = value_target(ordered_columns(job.columns))
    if value is not None:
        data = _cast_value(data, value, job.task, job.loss["name"])
    return data, {"total_rows": total, "sampled_rows": keep, "dropped_empty": dropped}


def prepare(job: JobSpec, data, test_raw=None) -> Prepared:
    """The rows as training uses them, in three roles. The test set is dataset.eval (loaded here
    unless `test_raw` is given; never subsampled) or carved with test_size; validation is carved
    from the rest. Every split uses dataset.split_seed."""
    with step("cleaning (columns, sample, empty rows, duplicates)", len(data)):
        data, counts = clean(job, data)
    explicit = job.dataset.get("eval")
    if explicit:
        if test_raw is None:
            test_raw = load_source(explicit)
        test, test_counts = clean(job, test_raw, [_eval_column(c) for c in explicit.get("columns") or []] or None,
                                  sample=False)
        counts["dropped_empty"] += test_counts["dropped_empty"]
        rest = data
    else:
        with step(f"test split (grouped by {grouping_name(job)})", len(data)):
            rest, test = split_data(job, data)
    with step("validation split", len(rest)):
        train, validation = split_validation(job, rest)
    if job.dataset.get("synthesize") and len(validation):
        from .synthesize.validation import whole_chunk_positives

        validation = whole_chunk_positives(job.dataset["path"], validation, ROW)
    uncapped = math.ceil(len(rest) * float(job.dataset.get("validation_size", 0.1)))
    train, validation, test = (d.remove_columns(ROW) for d in (train, validation, test))
    info = {**counts, "train_rows": len(train), "validation_rows": len(validation), "test_rows": len(test),
            "eval_rows": len(test), "test_source": "dataset.eval" if explicit else "test_size",
            "columns": [c.target for c in ordered_columns(job.columns)]}
    if uncapped > validation_max(job):
        info["validation_uncapped"] = uncapped  # for the note; not part of the dataset event
    return Prepared(train, validation, test, info)


def _eval_column(c: dict) -> Column:
    return Column(c["role"], c["source"], c["target"])


def _cast_value(data, name: str, task: str, loss: str):
    import datasets

    values = column(data, name)
    if name == "label":
        bad = sorted({repr(v) for v in values if v not in (0, 1, True, False, 0.0, 1.0)})[:5]
        if bad and task == "duplicate-classification":
            raise DatasetError(f"The label column holds values other than 0/1: {', '.join(bad)}.",
                               "Map labels to 0 (different) and 1 (duplicate) with dataset.label_map, "
                               "or run `finetune-embeddings doctor` for a fix.")
        return data.cast_column(name, datasets.Value("int64")) if not bad else data
    try:
        floats = [float(v) for v in values]
    except (TypeError, ValueError) as exc:
        raise DatasetError(f"The score column holds non-numeric values ({exc}).",
                           "Scores must be numbers, ideally normalised to 0..1.") from None
    # CoSENT/AnglE only use the order of scores; CosineSimilarityLoss regresses onto them.
    if loss == "CosineSimilarityLoss" and floats and (min(floats) < 0 or max(floats) > 1):
        raise DatasetError(f"Scores range from {min(floats)} to {max(floats)}, outside 0..1.",
                           "Normalise them with dataset.score_range: [low, high] (e.g. [0, 5] for STS-B's 0..5 scores).")
    return data.cast_column(name, datasets.Value("float32"))
