"""Command line and the top-level guard: whatever happens, the user sees one error event."""
from __future__ import annotations

import argparse
import os
import signal
import sys

from .errors import error_fields
from .events import MARKER, PROTOCOL_VERSION, Emitter
from .runctx import RunContext

DESCRIPTION = f"""\
Fine-tune a sentence-transformers embedding model from a job spec (the JSON that
`finetune-embeddings job FILE --json` prints) and report progress as events.

Events: one JSON object per stdout line, prefixed with {MARKER.strip()!r} and a space,
protocol version {PROTOCOL_VERSION} (gpu-templates/events.schema.json); the same lines,
without the prefix, are appended to RUN_DIR/events.jsonl. Checkpoints go to
RUN_DIR/checkpoints (a relaunch with the same RUN_DIR resumes from the latest one) and the
final model to RUN_DIR/model. Exit code 0 on success, non-zero after an error event.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="finetune.py", description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--job", required=True, metavar="JOB.json", help="the job spec file")
    parser.add_argument("--run-dir", required=True, metavar="DIR",
                        help="run folder (events, checkpoints, model); created if missing")
    parser.add_argument("--run-id", default=None,
                        help="run id in every event (default: $FTE_RUN_ID, else the run folder's name)")
    return parser


def main(argv: list[str] | None = None, script: str | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(argv)
    run_dir = os.path.abspath(args.run_dir)
    run_id = args.run_id or os.environ.get("FTE_RUN_ID") or os.path.basename(run_dir)
    from .distributed import rank

    emitter = Emitter(run_id, run_dir, enabled=rank() == 0)
    ctx = RunContext(emitter)
    # A stopped container (SIGTERM) still leaves an event saying so, not silence.
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        os.makedirs(run_dir, exist_ok=True)
        from .envinfo import check_packages
        from .jobspec import load_job

        job = load_job(args.job)
        check_packages()
        from .training import run  # heavy imports start here

        return run(job, ctx, run_dir, script=script or sys.argv[0], argv=argv)
    except (KeyboardInterrupt, Terminated) as exc:
        return report_stop(ctx, exc, "Relaunch with the same run folder to resume from the latest checkpoint.")
    except Exception as exc:  # noqa: BLE001 - the one place that turns anything into an event
        _report(ctx, error_fields(exc, ctx.phase))
        return 1


class Terminated(Exception):
    pass


def _on_sigterm(signum, frame):
    raise Terminated()


def report_stop(ctx, exc: BaseException, hint: str) -> int:
    """Reports a SIGTERM (cancel, timeout) or Ctrl-C as one error event; returns the exit code."""
    fields = error_fields(exc, ctx.phase)
    stopped = isinstance(exc, Terminated)
    fields.update(category="internal", traceback_tail=[], hint=hint,
                  message="Stopped (SIGTERM)." if stopped else "Interrupted.")
    _report(ctx, fields)
    return 143 if stopped else 130


def _report(ctx: RunContext, fields: dict) -> None:
    try:
        ctx.emit("error", **fields)
    except Exception as exc:  # noqa: BLE001 - stdout itself failed; stderr is all that is left
        print(f"fte: could not report error: {exc}; original: {fields.get('message')}", file=sys.stderr)
    if not ctx.emitter.enabled:
        print(f"fte rank error: {fields.get('message')}", file=sys.stderr)
