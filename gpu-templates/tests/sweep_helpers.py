"""Shared by the sweep tests: a job with a sweep, worker processes, event files."""
from __future__ import annotations

import copy
import json
import os
import subprocess
import sys

from .helpers import FIXTURES, TEMPLATES

SWEEP = os.path.join(TEMPLATES, "sweep.py")
DRYRUN = "fte.sweep.dryrun:train"
METRIC = "eval_dev_cosine_ap"



def sweep_job(space: dict, trials: int, sampler: str = "tpe", pruner: str = "none", parallel: int = 1,
              eval_steps: int = 10) -> dict:
    with open(os.path.join(FIXTURES, "quora-job.json"), encoding="utf-8") as fh:
        job = json.load(fh)
    job = copy.deepcopy(job)
    job["training"]["eval_steps"] = eval_steps
    job["sweep"] = {"trials": trials, "parallel": parallel, "timeout_minutes": None, "metric": METRIC,
                    "direction": "maximize", "sampler": sampler, "pruner": pruner, "space": space}
    return job


LR_SPACE = {"learning_rate": {"type": "float", "low": 1e-6, "high": 1e-4, "log": True, "step": None},
            "warmup_ratio": {"type": "float", "low": 0.0, "high": 0.3, "log": False, "step": None}}


def write_job(folder: str, job: dict) -> str:
    path = os.path.join(folder, "job.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(job, fh)
    return path


def storage_url(run_dir: str) -> str:
    return "sqlite:///" + os.path.join(run_dir, "storage", "study.db")


def worker(job_path: str, run_dir: str, index: int, sleep: float = 0.0, extra=(), env=None,
           grace: float = 30.0) -> subprocess.Popen:
    """A worker process; a short `grace` only where a test waits for a lost trial (under load,
    SQLite can hold a heartbeat back for seconds)."""
    args = [sys.executable, SWEEP, "--job", job_path, "--run-dir", run_dir, "--storage", storage_url(run_dir),
            "--worker-index", str(index), "--train-fn", DRYRUN, "--heartbeat-interval", "0.5",
            "--grace-period", str(grace), *extra]
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "FTE_DRYRUN_SLEEP": str(sleep), **(env or {})})


def finish(proc: subprocess.Popen, timeout: float = 120) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def events_path(run_dir: str, index: int) -> str:
    return os.path.join(run_dir, "events.jsonl") if index == 0 else os.path.join(run_dir, "workers", str(index),
                                                                                  "events.jsonl")


def read_events(path: str) -> list[dict]:
    try:
        with open(path, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]
    except FileNotFoundError:
        return []


def load_study(run_dir: str, name: str = "quora-duplicates"):
    import optuna

    return optuna.load_study(study_name=name, storage=storage_url(run_dir))


def storage_secrets(token: str = "the-token") -> dict:
    """What the launcher hands a sweep's coordinator (and, minus the key, its workers): a
    self-signed certificate for the storage's TLS name, its key and a token, made with openssl."""
    import tempfile

    from fte.sweep import secure

    folder = tempfile.mkdtemp(prefix="fte-tls-")
    key, cert = os.path.join(folder, "k.pem"), os.path.join(folder, "c.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=" + secure.TLS_NAME,
                    "-addext", "subjectAltName=DNS:" + secure.TLS_NAME], check=True, capture_output=True)
    with open(cert, encoding="utf-8") as c, open(key, encoding="utf-8") as k:
        return {secure.CERT_ENV: c.read(), secure.KEY_ENV: k.read(), secure.TOKEN_ENV: token}
