"""Probes a real `sweep.py serve-storage` coordinator (TLS + token from the environment) the way
strangers and workers would, and prints one JSON line per probe: {"probe": name, "ok": bool,
"detail": str}. Run by test/contract/privateSweepStore.test.ts with the launcher's credentials
in FTE_STORAGE_* and an unrelated certificate in OTHER_CERT."""
import json, os, socket, subprocess, sys, tempfile, time

TEMPLATES = sys.argv[1]
sys.path.insert(0, TEMPLATES)
import grpc  # noqa: E402
import optuna  # noqa: E402
from optuna.storages._grpc.auto_generated import api_pb2, api_pb2_grpc  # noqa: E402
from fte.sweep import secure  # noqa: E402
from fte.sweep.storage import open_storage, parse  # noqa: E402

optuna.logging.set_verbosity(optuna.logging.ERROR)
CERT = os.environ["FTE_STORAGE_CERT"].encode()
TOKEN = os.environ["FTE_STORAGE_TOKEN"]


def report(probe, ok, detail=""):
    print(json.dumps({"probe": probe, "ok": ok, "detail": str(detail)[:300]}), flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(channel, timeout=5):
    """One storage RPC; returns the status code name ('OK' when it answered)."""
    try:
        api_pb2_grpc.StorageServiceStub(channel).GetAllStudies(api_pb2.GetAllStudiesRequest(), timeout=timeout)
        return "OK"
    except grpc.RpcError as e:
        return e.code().name


work = tempfile.mkdtemp(prefix="fte-store-")
port = free_port()
serve = [sys.executable, os.path.join(TEMPLATES, "sweep.py"), "serve-storage", "--run-dir", os.path.join(work, "sweep"),
         "--db", os.path.join(work, "study.db"), "--port", str(port), "--snapshot-every", "3600"]
server = subprocess.Popen(serve + ["--host", "127.0.0.1"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
try:
    banner = server.stdout.readline()
    report("serves with TLS and a token", "TLS + token" in banner, banner.strip())
    target = f"127.0.0.1:{port}"

    # A stranger speaking plain gRPC (optuna's own client) gets no answer at all.
    plain = grpc.insecure_channel(target)
    report("plain client refused", call(plain) == "UNAVAILABLE", call(plain))
    try:
        optuna.storages.GrpcStorageProxy(host="127.0.0.1", port=port).get_all_studies()
        report("optuna's plain GrpcStorageProxy refused", False, "it answered")
    except grpc.RpcError as e:
        report("optuna's plain GrpcStorageProxy refused", e.code() == grpc.StatusCode.UNAVAILABLE, e.code().name)

    tls_only = grpc.secure_channel(target, grpc.ssl_channel_credentials(root_certificates=CERT),
                                   options=[("grpc.ssl_target_name_override", secure.TLS_NAME)])
    report("TLS without the token refused", call(tls_only) == "UNAUTHENTICATED", call(tls_only))
    wrong = secure.secure_channel("127.0.0.1", port, CERT, "not-the-token")
    report("a wrong token refused", call(wrong) == "UNAUTHENTICATED", call(wrong))
    other = secure.secure_channel("127.0.0.1", port, os.environ["OTHER_CERT"].encode(), TOKEN)
    report("a server with another certificate is not trusted", call(other) == "UNAVAILABLE", call(other))

    # The sweep's worker: grpcs:// with the pinned certificate and the token, through optuna.
    storage = open_storage(parse(f"grpcs://127.0.0.1:{port}"), ready_timeout=20)
    study = optuna.create_study(study_name="probe", storage=storage, direction="maximize")
    study.optimize(lambda t: t.suggest_float("x", 0, 1), n_trials=3)
    again = optuna.load_study(study_name="probe", storage=open_storage(parse(f"grpcs://127.0.0.1:{port}")))
    report("the worker with certificate and token runs trials", len(again.trials) == 3, len(again.trials))
finally:
    server.terminate()
    server.wait(10)

# Without the credentials the coordinator will not serve on a public address at all.
env = {k: v for k, v in os.environ.items() if not k.startswith("FTE_STORAGE_")}
refused = subprocess.run(serve + ["--host", "0.0.0.0", "--port", str(free_port())], env=env, capture_output=True, text=True, timeout=60)
report("no public port without credentials", refused.returncode != 0 and "Refusing to serve" in refused.stdout, refused.stdout[-300:])
