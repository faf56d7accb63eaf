"""Shared by the templates' small tools (try_model.py, export_onnx.py): progress on stderr, one JSON
result as the last stdout line (what src/core/pyenv/runPythonTool.ts reads), errors as
{"error", "hint"} with exit code 1, and the run's held-out split."""
from __future__ import annotations

import json
import os
import sys
from typing import Callable

from .errors import classify
from .events import sanitize

PROGRESS = "[fte] "


def progress(message: str) -> None:
    print(PROGRESS + message, file=sys.stderr, flush=True)


def emit(obj: dict, prefix: str = "") -> None:
    print(prefix + json.dumps(sanitize(obj), ensure_ascii=False), flush=True)


def error_payload(exc: BaseException, phase: str | None = None) -> dict:
    _, message, hint = classify(exc, phase)
    return {"error": message, "hint": hint}


def run_tool(body: Callable[[], dict]) -> int:
    """Runs a tool's body; its dict (or a known error) becomes the last stdout line."""
    try:
        emit(body())
        return 0
    except KeyboardInterrupt:
        emit({"error": "Interrupted.", "hint": None})
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place that turns anything into a message
        emit(error_payload(exc))
        return 1


def quiet_libraries() -> None:
    """Library progress bars and info logs would bury our own progress lines."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import warnings

    warnings.filterwarnings("ignore")
    import transformers

    transformers.logging.set_verbosity_error()
    try:
        import datasets

        datasets.disable_progress_bars()
        datasets.logging.set_verbosity_error()
    except ImportError:
        pass


def run_parser(prog: str, doc: str | None):
    """An argument parser with what every tool takes: the run's job, its model and run folders."""
    import argparse

    parser = argparse.ArgumentParser(prog=prog, description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--job", required=True, help="the run's job.json (its held-out split)")
    parser.add_argument("--model", required=True, help="the fine-tuned model folder")
    parser.add_argument("--run-dir", default=None, help="the run folder, for its Hugging Face cache")
    return parser


def open_run(args):
    """The job, after checking the model folder and the packages; quiets the libraries."""
    from .envinfo import check_packages
    from .errors import ConfigError
    from .jobspec import load_job

    job = load_job(args.job)
    if not os.path.isdir(args.model):
        raise ConfigError(f"No model folder at {args.model}.",
                          "The run has no saved model here: wait for it to complete, or download it (Modal runs).")
    check_packages()
    use_cache(args.run_dir)
    quiet_libraries()
    return job


def use_cache(run_dir: str | None) -> None:
    """The Hugging Face cache the run used (its base model and Hub dataset are there already)."""
    if run_dir:
        from .resume import cache_dir

        os.environ["HF_HOME"] = cache_dir(run_dir, dict(os.environ))


def load_heldout(job, max_corpus: int = 5000):
    """The exact test split training scored (same job, same split seed) as a pick list, searching
    the same corpus the evaluator searched (every split's documents and dataset.corpus)."""
    from .evaluation.corpus import corpus_texts, has_corpus, load_extra
    from .data import load_raw, prepare
    from .heldout import heldout_from_rows

    progress("Preparing the test split and the corpus…")
    parts = prepare(job, load_raw(job))
    corpus = corpus_texts(job, [parts.train, parts.validation, parts.test], load_extra(job)) if has_corpus(job) else None
    return heldout_from_rows(job, parts.test, max_corpus, corpus)
