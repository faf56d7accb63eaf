"""Dataset loading and preparation (imports `datasets` lazily)."""
from __future__ import annotations

from .columns import check_columns, is_empty_text, ordered_columns, rename_plan, text_targets, value_target
from .errors import DatasetError
from .jobspec import JobSpec
from .sampling import sample_count, split_counts

LOCAL_BUILDERS = {"csv": "csv", "jsonl": "json", "parquet": "parquet"}


def load_raw(job: JobSpec):
    import datasets

    ds = job.dataset
    if ds.get("path"):
        data = datasets.load_dataset(LOCAL_BUILDERS[ds["format"]], data_files=ds["path"], split="train")
    else:
        data = datasets.load_dataset(ds["hub"], ds.get("subset"), split=ds.get("split") or "train")
    if isinstance(data, datasets.DatasetDict):  # defensive: a split always gives a Dataset
        data = data[next(iter(data))]
    return data


def prepare(job: JobSpec, data) -> tuple[object, object, dict]:
    """Select, rename and order columns; subsample; drop empty texts; split. Returns
    (train, eval, info) where info has the row counts for the `dataset` event."""
    cols = ordered_columns(job.columns)
    check_columns(list(data.column_names), cols)
    first, second = rename_plan(cols)
    data = data.select_columns([c.source for c in cols]).rename_columns(first).rename_columns(second)
    data = data.select_columns([c.target for c in cols])  # the loss's positional order
    seed = int(job.training.get("seed", 42))
    total = len(data)
    keep = sample_count(total, job.dataset.get("sample"))
    if keep < total:
        data = data.shuffle(seed=seed).select(range(keep))
    texts, value = text_targets(cols), value_target(cols)

    def usable(row) -> bool:
        return not any(is_empty_text(row[t]) for t in texts) and (value is None or row[value] is not None)

    before = len(data)
    data = data.filter(usable)
    dropped = before - len(data)
    if value is not None:
        data = _cast_value(data, value, job.task, job.loss["name"])
    n_train, n_eval = split_counts(len(data), float(job.dataset["test_size"]))
    split = data.train_test_split(test_size=n_eval, seed=seed)
    info = {"total_rows": total, "sampled_rows": keep, "dropped_empty": dropped,
            "train_rows": len(split["train"]), "eval_rows": len(split["test"]),
            "columns": [c.target for c in cols]}
    return split["train"], split["test"], info


def _cast_value(data, name: str, task: str, loss: str):
    import datasets

    values = data[name]
    if name == "label":
        bad = sorted({repr(v) for v in values if v not in (0, 1, True, False, 0.0, 1.0)})[:5]
        if bad and task == "duplicate-classification":
            raise DatasetError(f"The label column holds values other than 0/1: {', '.join(bad)}.",
                               "Map labels to 0 (different) and 1 (duplicate) before training.")
        return data.cast_column(name, datasets.Value("int64")) if not bad else data
    try:
        floats = [float(v) for v in values]
    except (TypeError, ValueError) as exc:
        raise DatasetError(f"The score column holds non-numeric values ({exc}).",
                           "Scores must be numbers, ideally normalised to 0..1.") from None
    # CoSENT/AnglE only use the order of scores; CosineSimilarityLoss regresses onto them.
    if loss == "CosineSimilarityLoss" and floats and (min(floats) < 0 or max(floats) > 1):
        raise DatasetError(f"Scores range from {min(floats)} to {max(floats)}, outside 0..1.",
                           "Normalise the score column to 0..1 (e.g. divide STS-B's 0..5 scores by 5).")
    return data.cast_column(name, datasets.Value("float32"))
