"""`sweep.py`: arguments, the worker entry and `serve-storage`, under the same error guard as
finetune.py (whatever happens, the user sees one error event)."""
from __future__ import annotations

import argparse
import importlib
import os
import signal
import sys

from ..cli import _on_sigterm, _report, report_stop
from ..errors import ConfigError, error_fields
from ..events import MARKER, PROTOCOL_VERSION, Emitter
from ..runctx import RunContext
from .storage import DEFAULT_PORT
from .trial import stop_cause

DEFAULT_TRAIN_FN = "fte.sweep.train:train"
# Optuna's gRPC storage proxy needs grpcio and protobuf (optuna's "optional" extra), not optuna alone.
GRPC_PACKAGES = ("optuna", "grpc", "google.protobuf")

DESCRIPTION = f"""\
Run a hyperparameter sweep (the job spec's `sweep` section) with Optuna: each trial
fine-tunes with its sampled settings, reports the sweep metric at every evaluation (the
pruner may stop it), and saves its model to RUN_DIR/trials/N/model. Several workers
(--worker-index 0..P-1) share one study through --storage; worker 0 keeps the trial
count, waits for the others, and at the end writes RUN_DIR/best-model, RUN_DIR/study.db
(open it with `optuna-dashboard sqlite:///study.db`) and a sweep_completed event.

Events: one JSON object per stdout line, prefixed with {MARKER.strip()!r} and a space,
protocol version {PROTOCOL_VERSION} (gpu-templates/events.schema.json), also appended to
RUN_DIR/events.jsonl (worker 0) or RUN_DIR/workers/K/events.jsonl (worker K). Each trial's
own training events go to RUN_DIR/trials/N/events.jsonl only.

Storage URLs: grpcs://HOST:PORT (a `sweep.py serve-storage` coordinator over TLS with the
sweep's token from FTE_STORAGE_CERT / FTE_STORAGE_TOKEN: the one to use for workers in
different containers), grpc://HOST:PORT (the same in the clear: a private network only),
sqlite:///PATH, postgresql://..., journal:///PATH (one machine only).
Default: sqlite:///RUN_DIR/storage/study.db (a single worker).

  sweep.py serve-storage --run-dir DIR [--port {DEFAULT_PORT}]   serve the study (see its --help)
"""

SERVE_DESCRIPTION = """\
Coordinator for parallel sweeps: serve a SQLite study database on local disk through
Optuna's gRPC storage proxy over TLS, every call checked for the sweep's token (workers pass
--storage grpcs://HOST:PORT). The certificate, its key and the token come from
FTE_STORAGE_CERT, FTE_STORAGE_KEY and FTE_STORAGE_TOKEN; without them it serves only on a
loopback --host. Restores the database from RUN_DIR/storage/study.db when the local file is
missing and snapshots it there every --snapshot-every seconds and on SIGTERM. Runs until stopped.
"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sweep.py", description=DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--job", required=True, metavar="JOB.json", help="the job spec file (with a `sweep` section)")
    p.add_argument("--run-dir", required=True, metavar="DIR", help="the sweep's folder, shared by all workers")
    p.add_argument("--run-id", default=None,
                   help="run id in this worker's events (default: $FTE_RUN_ID, else DIR's name; '-wK' added for K > 0)")
    p.add_argument("--storage", default=None, metavar="URL", help="the shared study storage (see above)")
    p.add_argument("--worker-index", type=int, default=int(os.environ.get("FTE_WORKER_INDEX", "0")), metavar="K",
                   help="this worker's index, 0..parallel-1 (default: $FTE_WORKER_INDEX, else 0)")
    p.add_argument("--study-name", default=None, help="study name in the storage (default: the job's name)")
    p.add_argument("--heartbeat-interval", type=float, default=30.0, metavar="S",
                   help="seconds between a running trial's heartbeats (default 30)")
    p.add_argument("--grace-period", type=float, default=180.0, metavar="S",
                   help="a RUNNING trial without a heartbeat for this long is failed and rerun (default 180)")
    p.add_argument("--train-fn", default=os.environ.get("FTE_SWEEP_TRAIN_FN", DEFAULT_TRAIN_FN),
                   metavar="MODULE:FUNCTION",
                   help="train_fn(job, reporter) -> metrics; fte.sweep.dryrun:train is a cheap stand-in "
                        f"(default: $FTE_SWEEP_TRAIN_FN, else {DEFAULT_TRAIN_FN})")
    return p


def build_serve_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="sweep.py serve-storage", description=SERVE_DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run-dir", required=True, metavar="DIR", help="the sweep's folder on the volume")
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    p.add_argument("--db", default="/tmp/fte-sweep/study.db", help="the live database on local disk")
    p.add_argument("--snapshot-every", type=float, default=30.0, metavar="S", help="seconds between snapshots")
    return p


def load_train_fn(spec: str):
    module, _, name = spec.partition(":")
    if not module or not name:
        raise ConfigError(f"--train-fn {spec!r} is not MODULE:FUNCTION.")
    return getattr(importlib.import_module(module), name)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    serving = bool(argv) and argv[0] == "serve-storage"
    args = (build_serve_parser() if serving else build_parser()).parse_args(argv[1:] if serving else argv)
    run_dir = os.path.abspath(args.run_dir)
    base_id = os.environ.get("FTE_RUN_ID") or os.path.basename(run_dir)
    if serving:
        events_dir, run_id = os.path.join(run_dir, "storage"), f"{base_id}-storage"
    else:
        k = args.worker_index
        events_dir = run_dir if k == 0 else os.path.join(run_dir, "workers", str(k))
        run_id = args.run_id or (base_id if k == 0 else f"{base_id}-w{k}")
    ctx = RunContext(Emitter(run_id, events_dir))
    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        os.makedirs(events_dir, exist_ok=True)
        from ..envinfo import check_packages

        if serving:
            check_packages(GRPC_PACKAGES)
            from .serve import serve

            return serve(run_dir, args.db, args.host, args.port, args.snapshot_every)
        return _work(args, ctx, run_dir, run_id, check_packages)
    except BaseException as exc:  # noqa: BLE001 - the one place that turns anything into an event
        cause = stop_cause(exc)
        if cause is None:
            if not isinstance(exc, Exception):
                raise  # SystemExit from argparse and the like
            _report(ctx, error_fields(exc, ctx.phase))
            return 1
        return report_stop(ctx, cause, "Relaunch the sweep with the same run folder and storage: it runs only the remaining trials.")


def _work(args, ctx: RunContext, run_dir: str, run_id: str, check_packages) -> int:
    from ..jobspec import load_job
    from .storage import default_url, parse

    job = load_job(args.job)
    storage = args.storage or default_url(run_dir)
    needed = ["optuna"] + (list(GRPC_PACKAGES[1:]) if parse(storage).kind in ("grpc", "grpcs") else [])
    if args.train_fn == DEFAULT_TRAIN_FN:
        from ..envinfo import REQUIRED

        needed += list(REQUIRED)
    check_packages(tuple(needed))
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    from .trial import SweepConfig
    from .worker import run_sweep

    overrides = {"output": {"push_to_hub": None}}  # trials never push; the best model is pushed once
    push = None
    if job.output.get("push_to_hub"):
        if not os.environ.get("HF_TOKEN"):
            raise ConfigError(f"Cannot push to {job.output['push_to_hub']}: no HF_TOKEN in the environment.",
                              "Name a secret holding HF_TOKEN (with write access) in output.hf_secret.", "auth")
        import functools

        from ..loading.options import options
        from .train import push

        # A model with its own code loads for the push only as the config allowed.
        push = functools.partial(push, trust_remote_code=options(job).get("trust_remote_code") is True)
    cfg = SweepConfig(job=job, run_dir=run_dir, run_id=run_id, worker=args.worker_index,
                      metric=(job.sweep or {}).get("metric") or job.evaluator["primary_metric"],
                      train_fn=load_train_fn(args.train_fn), heartbeat_interval=args.heartbeat_interval,
                      overrides=overrides)
    return run_sweep(cfg, ctx, storage, args.study_name or job.name, grace=args.grace_period, push=push)
