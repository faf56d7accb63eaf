"""`sweep.py serve-storage`: the coordinator. Serves one SQLite study database on local disk
through Optuna's gRPC storage proxy, behind TLS and the sweep's token (secure.py), and
snapshots it to the volume (DIR/storage/study.db) every few seconds and on SIGTERM, so a
relaunched coordinator resumes the study."""
from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import threading

from . import secure
from .storage import STORAGE_DIR, STUDY_FILE, open_storage, parse, sqlite_url


def snapshot_path(run_dir: str) -> str:
    return os.path.join(run_dir, STORAGE_DIR, STUDY_FILE)


def snapshot(db: str, target: str) -> None:
    """A consistent copy of a live SQLite file (sqlite's backup API), replaced atomically."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    staging = f"{target}.{os.getpid()}.tmp"
    src, dst = sqlite3.connect(db), sqlite3.connect(staging)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.replace(staging, target)


def restore(db: str, run_dir: str) -> bool:
    """Start from the volume's snapshot when the local database does not exist yet."""
    saved = snapshot_path(run_dir)
    if os.path.exists(db) or not os.path.exists(saved):
        return False
    os.makedirs(os.path.dirname(db), exist_ok=True)
    shutil.copyfile(saved, db)
    return True


class Snapshotter:
    def __init__(self, db: str, target: str, every: float) -> None:
        self.db, self.target, self.every = db, target, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fte-snapshot", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self.save()

    def save(self) -> None:
        try:
            snapshot(self.db, self.target)
        except (OSError, sqlite3.Error) as exc:
            print(f"fte-storage: snapshot failed: {exc}", file=sys.stderr, flush=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self.save()


def serve(run_dir: str, db: str, host: str, port: int, every: float) -> int:
    import optuna

    if not hasattr(optuna.storages, "run_grpc_proxy_server"):
        from ..errors import FteError

        raise FteError(f"optuna {optuna.__version__} has no gRPC storage proxy (needs optuna >= 4.2).",
                       "Install the versions in gpu-templates/requirements.txt.", "environment")
    secrets = secure.server_secrets(host)  # refuses a public port without TLS and a token
    restored = restore(db, run_dir)
    os.makedirs(os.path.dirname(os.path.abspath(db)), exist_ok=True)
    rdb = open_storage(parse(sqlite_url(db)))
    storage = optuna.storages.get_storage(rdb)  # optuna's in-process cache in front of the database
    snap = Snapshotter(db, snapshot_path(run_dir), every)
    snap.save()
    snap.start()
    server, port = secure.make_server(storage, host, port, secrets)
    server.start()
    print(f"fte-storage: serving {db} ({'restored from the volume' if restored else 'new'}) on {host}:{port} "
          f"({'TLS + token' if secrets else 'plain, loopback only'}); snapshots to {snap.target} every {every:g} s", flush=True)
    try:
        server.wait_for_termination()
    finally:
        server.stop(grace=None)
        snap.stop()
    return 0
