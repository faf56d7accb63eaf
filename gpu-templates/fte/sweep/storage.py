"""Study storage URLs: parsed here (standard library), opened lazily with optuna.

  grpcs://HOST:PORT       a `sweep.py serve-storage` coordinator (Optuna's gRPC storage proxy)
                          over TLS with the sweep's token (FTE_STORAGE_CERT / FTE_STORAGE_TOKEN,
                          see secure.py): the URL for workers in different containers
  grpc://HOST:PORT        the same without TLS or token: only on a private network
  sqlite:///PATH          one machine (several processes are fine; not on a network volume)
  postgresql://... mysql://...   a database server (needs its driver in the image)
  journal:///PATH         Optuna's journal file; one machine only (no cross-container locks)
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..errors import ConfigError

DEFAULT_PORT = 13000  # Optuna's own default for run_grpc_proxy_server
STORAGE_DIR = "storage"  # DIR/storage/study.db: the default storage, and the coordinator's snapshot
STUDY_FILE = "study.db"  # DIR/study.db: the export for optuna-dashboard
RDB_SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg2", "postgres", "mysql", "mysql+pymysql")


@dataclass(frozen=True)
class StorageUrl:
    kind: str  # grpc | grpcs | rdb | journal
    url: str
    host: str | None = None
    port: int | None = None
    path: str | None = None  # sqlite / journal file


def default_url(run_dir: str) -> str:
    return "sqlite:///" + os.path.join(os.path.abspath(run_dir), STORAGE_DIR, STUDY_FILE)


def parse(url: str) -> StorageUrl:
    bad = ConfigError(f"Unsupported sweep storage URL {url!r}.",
                      "Use grpcs://HOST:PORT, sqlite:///PATH, postgresql://..., or journal:///PATH.")
    if not isinstance(url, str) or "://" not in url:
        raise bad
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("grpc", "grpcs"):
        try:
            port = parts.port or DEFAULT_PORT
        except ValueError:
            raise ConfigError(f"Bad port in sweep storage URL {url!r}.") from None
        if not parts.hostname:
            raise ConfigError(f"Sweep storage URL {url!r} names no host.", f"Use {scheme}://HOST:PORT.")
        return StorageUrl(scheme, url, host=parts.hostname, port=port)
    if scheme == "journal":
        path = url[len("journal://"):]
        if not path.startswith("/"):
            raise ConfigError(f"Journal storage needs an absolute path: {url!r}.", "Use journal:///abs/path.log.")
        return StorageUrl("journal", url, path=path)
    if scheme == "sqlite":
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else None
        if not path:
            raise ConfigError(f"Bad SQLite URL {url!r}.", "Use sqlite:///relative.db or sqlite:////abs/path.db.")
        return StorageUrl("rdb", url, path=path)
    if scheme in RDB_SCHEMES:
        return StorageUrl("rdb", url)
    raise bad


def sqlite_url(path: str) -> str:
    return "sqlite:///" + os.path.abspath(path)


def open_storage(spec: StorageUrl, ready_timeout: float = 300.0):
    """The optuna storage object for a parsed URL (optuna imported here)."""
    import optuna

    if spec.kind in ("grpc", "grpcs"):
        proxy_cls = getattr(optuna.storages, "GrpcStorageProxy", None)
        if proxy_cls is None:
            raise ConfigError(f"optuna {optuna.__version__} has no GrpcStorageProxy (needs optuna >= 4.2).",
                              "Install the versions in gpu-templates/requirements.txt.", "environment")
        import grpc  # noqa: F401 - a missing grpcio becomes an environment error, not a hang

        if spec.kind == "grpcs":
            from .secure import client_secrets, secure_proxy

            proxy = secure_proxy(spec.host, spec.port, *client_secrets())
        else:
            proxy = proxy_cls(host=spec.host, port=spec.port)
        try:
            proxy.wait_server_ready(timeout=ready_timeout)
        except Exception as exc:  # noqa: BLE001 - grpc raises its own future timeout types
            raise ConfigError(f"The sweep storage at {spec.host}:{spec.port} did not answer within "
                              f"{ready_timeout:.0f} s ({type(exc).__name__}).",
                              "Check that the coordinator (`sweep.py serve-storage`) runs and its port is "
                              "exposed as a (raw TCP) tunnel.", "network") from exc
        return proxy
    if spec.kind == "journal":
        os.makedirs(os.path.dirname(spec.path) or ".", exist_ok=True)
        journal = optuna.storages.JournalStorage
        backend_cls = getattr(getattr(optuna.storages, "journal", None), "JournalFileBackend", None)
        backend_cls = backend_cls or optuna.storages.JournalFileStorage  # optuna < 4
        return journal(backend_cls(spec.path))
    if not spec.url.startswith("sqlite:"):
        return optuna.storages.RDBStorage(spec.url)  # row locks (SELECT ... FOR UPDATE) keep claims atomic
    os.makedirs(os.path.dirname(os.path.abspath(spec.path)) or ".", exist_ok=True)
    # Several processes (or the gRPC server's threads) write one file: wait for the lock instead
    # of failing, and let pysqlite issue no BEGIN of its own (see serialize_sqlite).
    storage = optuna.storages.RDBStorage(
        spec.url, engine_kwargs={"connect_args": {"timeout": 60, "isolation_level": None}})
    serialize_sqlite(storage.engine)
    return storage


def serialize_sqlite(engine) -> None:
    """Every transaction starts with BEGIN IMMEDIATE (SQLAlchemy's pysqlite recipe). Optuna
    claims a WAITING trial with read-check-write in one transaction and relies on SELECT ... FOR
    UPDATE, which SQLite ignores: without a write lock taken up front, two processes can both
    see WAITING and both run the same trial (seen here with 4 workers)."""
    from sqlalchemy import event

    @event.listens_for(engine, "begin")
    def _begin(conn):  # noqa: ANN001 - SQLAlchemy's callback signature
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    engine.dispose()  # pooled connections opened before the listener start fresh
