#!/usr/bin/env python3
"""Zero-shot bake-off: candidate base models scored on the run's own test split and corpus.

  python3 bakeoff.py --job JOB.json --candidates '[{"model": "ID", "prompts": {"query": "..."}}]'
                     [--backend local|modal] [--cache DIR]

Each candidate's row is printed as it is scored (`@@fte-bakeoff@@ {...}`), progress goes to
stderr as `[fte] ...` lines, and the last stdout line is the whole result:
{"metric", "split": "test", "n", "corpus_size", "greater_is_better", "candidates": [{model, score,
ci95, dims, params, texts_per_s, backend, device, index_bytes, metric, prompts} | {model, error, hint}]}
in the order given (the extension ranks them). --candidates takes JSON or @FILE.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

ROW_MARKER = "@@fte-bakeoff@@ "


def parse(argv):
    p = argparse.ArgumentParser(prog="bakeoff.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--job", required=True, help="the job spec (its data, split and evaluator)")
    p.add_argument("--candidates", required=True, help="JSON list of {model, prompts?}, or @FILE")
    p.add_argument("--backend", default="local", choices=["local", "modal"], help="where this runs (reported)")
    p.add_argument("--cache", default=None, help="Hugging Face cache folder (HF_HOME); Modal: on the volume")
    return p.parse_args(argv)


def body(args) -> dict:
    from fte.errors import ConfigError

    text = args.candidates
    if text.startswith("@"):
        with open(text[1:], encoding="utf-8") as fh:
            text = fh.read()
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise ConfigError(f"--candidates is not JSON ({exc}).", 'Pass e.g. \'[{"model": "BAAI/bge-small-en-v1.5"}]\'.') from None
    from fte.bakeoff.run import parse_candidates
    from fte.jobspec import load_job

    candidates = parse_candidates(raw)
    job = load_job(args.job)
    if args.cache:
        os.environ["HF_HOME"] = args.cache  # before any Hugging Face import
    from fte.hub import offline_unless_reachable

    offline_unless_reachable(any(not os.path.isdir(c["model"]) for c in candidates) or bool(job.dataset.get("hub")))
    from fte.envinfo import check_packages
    from fte.toolio import emit, quiet_libraries

    check_packages()
    quiet_libraries()
    from fte.bakeoff.run import run_bakeoff

    return run_bakeoff(job, candidates, args.backend, args.cache, on_result=lambda row: emit(row, ROW_MARKER))


def main(argv=None) -> int:
    from fte.toolio import run_tool

    args = parse(argv)
    return run_tool(lambda: body(args))


if __name__ == "__main__":
    sys.exit(main())
