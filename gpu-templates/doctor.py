#!/usr/bin/env python3
"""The data doctor: `python3 doctor.py --job JOB.json [--job ...] [--no-tokens]`.

Reads the dataset each job spec names (the JSON `finetune-embeddings job FILE --json` prints),
runs the steps training runs on it (column mapping, sampling, empty rows, label/score options,
deduplication, the exact held-out split) and prints one JSON line last:
{"results": [{"findings": [{code, severity, message, path, rows?, fix?}], "stats": {...}}]}
(one result per --job, in order). A job spec that cannot be read prints {"error", "hint"} and
exits 1; problems with the data itself are findings, exit 0.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="doctor.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--job", action="append", required=True, metavar="JOB.json", help="a job spec (repeatable)")
    parser.add_argument("--no-tokens", action="store_true", help="skip the token-length check (no tokenizer load)")
    args = parser.parse_args(argv)
    from fte.errors import FteError, error_fields
    from fte.jobspec import load_job

    try:
        jobs = [load_job(path) for path in args.job]
    except FteError as exc:
        print(json.dumps({"error": exc.message, "hint": exc.hint}))
        return 1
    from fte.hub import offline_unless_reachable

    offline_unless_reachable(any(needs_hub(job) for job in jobs))  # before any Hugging Face import
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        from fte.envinfo import check_packages

        check_packages()
        import datasets

        datasets.disable_progress_bars()
        datasets.logging.set_verbosity_error()
        from fte.doctor.diagnose import diagnose
        from fte.events import sanitize

        results = [diagnose(job, tokens=not args.no_tokens) for job in jobs]
    except Exception as exc:  # noqa: BLE001 - a missing package or a bug: one clear line for the caller
        fields = error_fields(exc)
        print(json.dumps({"error": fields["message"], "hint": fields["hint"]}))
        return 1
    print(json.dumps(sanitize({"results": results}), ensure_ascii=True, allow_nan=False))
    return 0


def needs_hub(job) -> bool:
    return bool(job.dataset.get("hub")) or not os.path.isdir(job.model)


if __name__ == "__main__":
    sys.exit(main())
