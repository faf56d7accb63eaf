#!/usr/bin/env python3
"""Try a fine-tuned model against its base on the run's held-out corpus.

  python3 try_model.py --job JOB.json --model MODEL_DIR --query TEXT [--text2 TEXT] [--k N]
  python3 try_model.py --job JOB.json --model MODEL_DIR --serve

One-shot: the result is the last stdout line (JSON with "base" and "finetuned" hit lists).
--serve: loads both models once, prints `@@fte-try@@ {"id":0,"ready":true,...}`, then answers
each stdin line {"id", "query", "k", "text2"} with one `@@fte-try@@ {...}` line.
Progress goes to stderr as `[fte] ...` lines.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

SERVE_MARKER = "@@fte-try@@ "


def parse(argv):
    from fte.toolio import run_parser

    p = run_parser("try_model.py", __doc__)
    p.add_argument("--base", default=None, help="the base model (default: the job's model)")
    p.add_argument("--query", default=None)
    p.add_argument("--text2", default=None, help="pairs tasks: the second text of the pair")
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--max-corpus", type=int, default=5000)
    p.add_argument("--base-threshold", type=float, default=None)
    p.add_argument("--finetuned-threshold", type=float, default=None)
    p.add_argument("--serve", action="store_true")
    return p.parse_args(argv)


def make_tryer(args):
    from fte.errors import ConfigError
    from fte.toolio import load_heldout, open_run

    job = open_run(args)
    from fte.build import load_model
    from fte.tryit import Tryer

    held = load_heldout(job, args.max_corpus)
    if not held.corpus:
        raise ConfigError("The held-out split is empty.", "Raise dataset.test_size so some rows are held out.")
    cache = os.environ.get("HF_HOME")

    def load(name, model_id):
        return load_model(model_id, job, cache)

    return Tryer(held, {"base": args.base or job.model, "finetuned": os.path.abspath(args.model)}, load)


def thresholds(args):
    return {"base": args.base_threshold, "finetuned": args.finetuned_threshold}


def one_shot(args) -> dict:
    if not args.query:
        from fte.errors import ConfigError

        raise ConfigError("Nothing to try: pass --query TEXT (or --serve).")
    tryer = make_tryer(args)
    tryer.warm()  # so query_ms is the query alone, as a warm session answers it
    result = tryer.query(args.query, max(1, args.k), args.text2, thresholds(args))
    result["timings"] = tryer.timings
    return result


def serve(args) -> int:
    from fte.toolio import emit, error_payload

    try:
        tryer = make_tryer(args)
        tryer.warm()
    except Exception as exc:  # noqa: BLE001 - reported to the host, which shows it
        emit({"id": 0, **error_payload(exc)}, SERVE_MARKER)
        return 1
    emit({"id": 0, "ready": True, **tryer.info()}, SERVE_MARKER)
    for line in sys.stdin:
        if not line.strip():
            continue
        req_id = None
        try:
            req = json.loads(line)
            req_id = req.get("id")
            t = req.get("thresholds") or thresholds(args)
            result = tryer.query(str(req["query"]), max(1, int(req.get("k") or args.k)), req.get("text2") or None, t)
            emit({"id": req_id, "result": result}, SERVE_MARKER)
        except Exception as exc:  # noqa: BLE001 - one bad request must not end the session
            emit({"id": req_id, **error_payload(exc)}, SERVE_MARKER)
    return 0


def main(argv=None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    if args.serve:
        return serve(args)
    from fte.toolio import run_tool

    return run_tool(lambda: one_shot(args))


if __name__ == "__main__":
    sys.exit(main())
