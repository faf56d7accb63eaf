"""The job spec (src/core/job/jobSpec.ts) read into typed, validated objects."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

from .errors import ConfigError

JOB_SPEC_VERSION = 1
TEXT_ROLES = ("anchor", "positive", "negative", "text1", "text2")
VALUE_ROLES = ("label", "score")
SAMPLERS = ("no_duplicates", "batch_sampler", "group_by_label")
PRECISIONS = ("auto", "bf16", "fp16", "fp32")
HN_SAMPLING = ("top", "random")
PROMPT_SOURCES = ("config", "catalog", "none")


@dataclass(frozen=True)
class Column:
    role: str
    source: str
    target: str


@dataclass(frozen=True)
class JobSpec:
    name: str
    task: str
    model: str
    dataset: dict
    columns: tuple[Column, ...]
    loss: dict
    matryoshka: tuple[int, ...] | None
    evaluator: dict
    training: dict
    compute: dict
    output: dict
    sweep: dict | None
    raw: dict = field(repr=False, compare=False)


def _need(obj: dict, key: str, kind: Any, where: str) -> Any:
    if key not in obj:
        raise ConfigError(f"Job spec: missing `{where}{key}`.", "Regenerate it with `finetune-embeddings job FILE --json`.")
    value = obj[key]
    if kind is not None and not isinstance(value, kind):
        raise ConfigError(f"Job spec: `{where}{key}` has the wrong type ({type(value).__name__}).")
    return value


def parse_job(data: Any) -> JobSpec:
    if not isinstance(data, dict):
        raise ConfigError("Job spec: expected a JSON object.")
    version = data.get("spec_version")
    if version != JOB_SPEC_VERSION:
        raise ConfigError(
            f"Job spec version {version!r} is not supported (this template reads version {JOB_SPEC_VERSION}).",
            "Update the extension and the GPU template together so they agree on the job spec.")
    for key in ("name", "task", "model"):
        _need(data, key, str, "")
    ds = _need(data, "dataset", dict, "")
    loss = _need(data, "loss", dict, "")
    ev = _need(data, "evaluator", dict, "")
    tr = _need(data, "training", dict, "")
    compute = _need(data, "compute", dict, "")
    output = _need(data, "output", dict, "")
    if not ds.get("hub") and not ds.get("path"):
        raise ConfigError("Job spec: the dataset needs `hub` or `path`.")
    if ds.get("path") and ds.get("format") not in ("csv", "jsonl", "parquet"):
        raise ConfigError(f"Job spec: unknown local dataset format {ds.get('format')!r} (csv, jsonl or parquet).")
    test_size = _need(ds, "test_size", (int, float), "dataset.")
    if not 0 < test_size < 1:
        raise ConfigError(f"Job spec: dataset.test_size must be in (0, 1), got {test_size}.")
    columns = tuple(_column(c) for c in _need(ds, "columns", list, "dataset."))
    if not any(c.role in TEXT_ROLES for c in columns):
        raise ConfigError("Job spec: dataset.columns names no text column.")
    _dataset_options(ds, columns)
    _need(loss, "name", str, "loss.")
    if not isinstance(loss.get("args", {}), dict):
        raise ConfigError("Job spec: `loss.args` must be an object.")
    for key in ("eval_names", "metric_keys"):
        names = _need(ev, key, list, "evaluator.")
        if not names or not all(isinstance(n, str) for n in names):
            raise ConfigError(f"Job spec: `evaluator.{key}` must be a non-empty list of strings.")
    _need(ev, "primary_metric", str, "evaluator.")
    for key in ("epochs", "batch_size", "eval_steps", "seed"):
        _need(tr, key, (int, float), "training.")
    if not (0 < tr["eval_steps"] < 1 or (tr["eval_steps"] >= 1 and float(tr["eval_steps"]).is_integer())):
        raise ConfigError(f"Job spec: training.eval_steps must be a whole number of steps or a fraction of the run "
                          f"in (0, 1), got {tr['eval_steps']!r}.")
    if tr.get("batch_sampler", "batch_sampler") not in SAMPLERS:
        raise ConfigError(f"Job spec: unknown training.batch_sampler {tr.get('batch_sampler')!r}.")
    if tr.get("precision", "auto") not in PRECISIONS:
        raise ConfigError(f"Job spec: unknown training.precision {tr.get('precision')!r}.")
    _hard_negatives(tr.get("hard_negatives"))
    _evaluation(data.get("evaluation"))
    _prompts(data.get("prompts"))
    _lora(tr.get("lora"))
    if not isinstance(tr.get("gradient_checkpointing", False), bool):
        raise ConfigError("Job spec: `training.gradient_checkpointing` must be true or false.")
    _model_options(data.get("model_options"))
    dims = data.get("matryoshka")
    if dims is not None and (not isinstance(dims, list) or not all(isinstance(d, int) and d > 0 for d in dims)):
        raise ConfigError("Job spec: `matryoshka` must be a list of positive integers or null.")
    return JobSpec(
        name=data["name"], task=data["task"], model=data["model"], dataset=ds, columns=columns,
        loss=loss, matryoshka=tuple(dims) if dims else None, evaluator=ev, training=tr,
        compute=compute, output=output, sweep=data.get("sweep"), raw=data,
    )


def _dataset_options(ds: dict, columns: tuple[Column, ...]) -> None:
    label_map = ds.get("label_map")
    if label_map is not None and (not isinstance(label_map, dict) or not all(
            isinstance(k, str) and v in (0, 1) and not isinstance(v, bool) for k, v in label_map.items())):
        raise ConfigError("Job spec: `dataset.label_map` must map label values to 0 or 1.")
    score_range = ds.get("score_range")
    if score_range is not None and not (isinstance(score_range, list) and len(score_range) == 2
                                        and all(isinstance(v, (int, float)) for v in score_range)
                                        and score_range[0] < score_range[1]):
        raise ConfigError("Job spec: `dataset.score_range` must be [low, high] with low < high.")
    split_by = ds.get("split_by")
    if split_by is not None and split_by not in [c.target for c in columns if c.role in TEXT_ROLES]:
        raise ConfigError(f"Job spec: `dataset.split_by` names {split_by!r}, which is not a mapped text column.")
    if not isinstance(ds.get("drop_duplicates", False), bool):
        raise ConfigError("Job spec: `dataset.drop_duplicates` must be true or false.")
    validation_size = ds.get("validation_size", 0.1)
    if not isinstance(validation_size, (int, float)) or isinstance(validation_size, bool) or not 0 < validation_size < 1:
        raise ConfigError(f"Job spec: dataset.validation_size must be in (0, 1), got {validation_size!r}.",
                          "Set dataset.validation_size to the fraction of training rows to validate on, e.g. 0.1.")
    vmax = ds.get("validation_max")
    if vmax is not None and (not isinstance(vmax, int) or isinstance(vmax, bool) or vmax < 1):
        raise ConfigError(f"Job spec: dataset.validation_max must be a whole number >= 1, got {vmax!r}.")
    split_seed = ds.get("split_seed", 42)
    if not isinstance(split_seed, int) or isinstance(split_seed, bool) or split_seed < 0:
        raise ConfigError(f"Job spec: dataset.split_seed must be a whole number >= 0, got {split_seed!r}.")
    for key in ("eval", "corpus"):
        _source(ds.get(key), f"dataset.{key}")
    corpus = ds.get("corpus")
    if corpus and not (isinstance(corpus.get("column"), str) and corpus["column"]):
        raise ConfigError("Job spec: dataset.corpus needs `column`, the column that holds the document texts.")
    test = ds.get("eval")
    if test and test.get("columns") is not None:
        if not isinstance(test["columns"], list):
            raise ConfigError("Job spec: dataset.eval.columns must be a list of {role, source, target}.")
        for c in test["columns"]:
            _column(c)


def _evaluation(ev: Any) -> None:
    """evaluation.also: extra sets in the task's format, scored before and after training."""
    if ev is None:
        return
    if not isinstance(ev, dict) or not isinstance(ev.get("also", []), list):
        raise ConfigError("Job spec: `evaluation` must be an object with an `also` list, or null.")
    names = set()
    for i, s in enumerate(ev.get("also") or []):
        _source(s, f"evaluation.also[{i}]")
        name = s.get("name")
        if not isinstance(name, str) or not name or name in names:
            raise ConfigError(f"Job spec: evaluation.also[{i}] needs a unique `name`.",
                              "Name each extra evaluation set, e.g. name: last-quarter.")
        names.add(name)
        for c in s.get("columns") or []:
            _column(c)


def _source(src: Any, key: str) -> None:
    """dataset.eval / dataset.corpus: null, or a Hub dataset or a local file like the dataset."""
    if src is None:
        return
    if not isinstance(src, dict):
        raise ConfigError(f"Job spec: `{key}` must be an object or null.")
    if not src.get("hub") and not src.get("path"):
        raise ConfigError(f"Job spec: {key} needs `hub` or `path`.", f"Name the {key} source with hub: or path:.")
    if src.get("path") and src.get("format") not in ("csv", "jsonl", "parquet"):
        raise ConfigError(f"Job spec: unknown {key} file format {src.get('format')!r} (csv, jsonl or parquet).")


def _hard_negatives(hn: Any) -> None:
    if hn is None:
        return
    if not isinstance(hn, dict):
        raise ConfigError("Job spec: `training.hard_negatives` must be an object or null.")
    count = hn.get("count")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ConfigError("Job spec: `training.hard_negatives.count` must be a whole number >= 1.")
    if hn.get("sampling") not in HN_SAMPLING:
        raise ConfigError(f"Job spec: `training.hard_negatives.sampling` must be one of {', '.join(HN_SAMPLING)}.")
    for key in ("range_min", "range_max"):
        v = hn.get(key)
        if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
            raise ConfigError(f"Job spec: `training.hard_negatives.{key}` must be a whole number >= 0.")
    for key in ("absolute_margin", "relative_margin", "max_score"):
        v = hn.get(key)
        if v is not None and (not isinstance(v, (int, float)) or isinstance(v, bool)):
            raise ConfigError(f"Job spec: `training.hard_negatives.{key}` must be a number or null.")


def _lora(lora: Any) -> None:
    if lora is None:
        return
    if not isinstance(lora, dict):
        raise ConfigError("Job spec: `training.lora` must be an object or null.")
    if not isinstance(lora.get("r"), int) or isinstance(lora.get("r"), bool) or lora["r"] < 1:
        raise ConfigError("Job spec: `training.lora.r` must be a whole number >= 1.")
    for key in ("alpha", "dropout"):
        if not isinstance(lora.get(key), (int, float)) or isinstance(lora.get(key), bool):
            raise ConfigError(f"Job spec: `training.lora.{key}` must be a number.")
    mods = lora.get("target_modules")
    if mods is not None and (not isinstance(mods, list) or not all(isinstance(m, str) and m for m in mods)):
        raise ConfigError("Job spec: `training.lora.target_modules` must be a list of module names or null.")


def _model_options(o: Any) -> None:
    """Optional (older job specs have none): {revision, trust_remote_code, attn_implementation}."""
    if o is None:
        return
    if not isinstance(o, dict):
        raise ConfigError("Job spec: `model_options` must be an object or null.")
    if o.get("revision") is not None and not isinstance(o["revision"], str):
        raise ConfigError("Job spec: `model_options.revision` must be a string or null.")
    if not isinstance(o.get("trust_remote_code", False), bool):
        raise ConfigError("Job spec: `model_options.trust_remote_code` must be true or false.")
    if o.get("attn_implementation") not in (None, "eager", "sdpa", "flash_attention_2"):
        raise ConfigError(f"Job spec: unknown model_options.attn_implementation {o.get('attn_implementation')!r}.")


def _prompts(p: Any) -> None:
    """Optional (older job specs have none): {symmetric, query, document, source}."""
    if p is None:
        return
    if not isinstance(p, dict):
        raise ConfigError("Job spec: `prompts` must be an object or null.")
    for key in ("query", "document"):
        if p.get(key) is not None and not isinstance(p[key], str):
            raise ConfigError(f"Job spec: `prompts.{key}` must be a string or null.")
    if p.get("source") not in PROMPT_SOURCES:
        raise ConfigError(f"Job spec: `prompts.source` must be one of {', '.join(PROMPT_SOURCES)}.")


def _column(c: Any) -> Column:
    if not isinstance(c, dict):
        raise ConfigError("Job spec: each dataset column must be an object {role, source, target}.")
    role, source, target = c.get("role"), c.get("source"), c.get("target")
    if role not in TEXT_ROLES + VALUE_ROLES:
        raise ConfigError(f"Job spec: unknown column role {role!r}.")
    if not isinstance(source, str) or not isinstance(target, str) or not source or not target:
        raise ConfigError(f"Job spec: column for role {role!r} needs a `source` and a `target` name.")
    if role in VALUE_ROLES and target != role:
        # sentence-transformers finds the label/score column by name.
        raise ConfigError(f"Job spec: the {role} column's target must be named {role!r}, got {target!r}.")
    return Column(role, source, target)


def load_job(path: str) -> JobSpec:
    try:
        with open(path, "r", encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise ConfigError(f"Job file not found: {path}",
                          "Write one with `finetune-embeddings job FILE --json > job.json`.") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"Job file {path} is not valid JSON: {exc}") from None
    job = parse_job(data)
    uploaded = os.environ.get(DATASET_PATH_ENV)
    if uploaded and job.dataset.get("path"):
        job.dataset["path"] = uploaded  # a large dataset the launcher uploaded to the volume
    return job


# Set by the Modal backend when it uploaded the dataset to the volume: its path in the container.
DATASET_PATH_ENV = "FINETUNE_DATASET_PATH"
