"""Stand-in for gpu-templates/sweep.py in contract tests: the same CLI, a tiny study server.

serve-storage: a TCP server handing out trial numbers; finished trials are kept in
RUN_DIR/finished.txt (on the volume), so a relaunch hands out only the remaining ones.
worker: asks for trials, prints trial events (protocol v1), reports them finished; worker 0
prints sweep_completed once every trial is finished.
Like the real coordinator it serves only with the sweep's credentials in its environment
(FTE_STORAGE_TOKEN/CERT/KEY) and answers only requests that carry the token; workers must get
a grpcs:// URL, the token and the certificate, and never the key.
"""
import json, os, socket, socketserver, sys, threading, time
from datetime import datetime, timezone

args = sys.argv[1:]
def arg(name, default=None):
    return args[args.index(name) + 1] if name in args else default

run_dir = arg("--run-dir")
os.makedirs(run_dir, exist_ok=True)
finished_path = os.path.join(run_dir, "finished.txt")

token = os.environ.get("FTE_STORAGE_TOKEN")
if args[0] == "serve-storage":
    if not (token and os.environ.get("FTE_STORAGE_CERT", "").startswith("-----BEGIN CERTIFICATE") and "PRIVATE KEY" in os.environ.get("FTE_STORAGE_KEY", "")):
        sys.exit("stand-in coordinator: no storage credentials in the environment")
    lock = threading.Lock()
    handed = set()
    def finished():
        if not os.path.exists(finished_path):
            return set()
        return {int(x) for x in open(finished_path).read().split()}
    class Handler(socketserver.StreamRequestHandler):
        def handle(self):
            sent, *cmd = self.rfile.readline().decode().split()
            if sent != token:
                self.wfile.write(b"denied\n")
                return
            job_trials = int(cmd[-1])  # the workers know the job's trial count
            with lock:
                done = finished()
                if cmd[0] == "next":
                    free = [n for n in range(job_trials) if n not in done and n not in handed]
                    if free:
                        handed.add(free[0])
                    self.wfile.write(f"{free[0] if free else 'none'} {len(done)} {job_trials}\n".encode())
                elif cmd[0] == "done":
                    with open(finished_path, "a") as f:
                        f.write(cmd[1] + "\n")
                    self.wfile.write(b"ok\n")
                elif cmd[0] == "status":
                    self.wfile.write(f"{len(done)} {job_trials}\n".encode())
    socketserver.ThreadingTCPServer.allow_reuse_address = True
    server = socketserver.ThreadingTCPServer(("127.0.0.1", int(arg("--port"))), Handler)
    print("serving", flush=True)
    server.serve_forever()

job = json.load(open(arg("--job")))
total_trials = job["sweep"]["trials"]
if not arg("--storage").startswith("grpcs://") or not token or not os.environ.get("FTE_STORAGE_CERT") or os.environ.get("FTE_STORAGE_KEY"):
    sys.exit("stand-in worker: needs a grpcs:// storage, the token and the certificate, and must not hold the key")
storage = arg("--storage")[len("grpcs://"):]
host, port = storage.split(":")
worker = int(arg("--worker-index"))
run_id = arg("--run-id") + ("" if worker == 0 else f"-w{worker}")
seq = 0
def emit(type_, **fields):
    global seq
    seq += 1
    event = {"v": 1, "run_id": run_id, "seq": seq, "ts": datetime.now(timezone.utc).isoformat().replace("+00:00", "Z"), "type": type_, **fields}
    print("@@fte@@ " + json.dumps(event), flush=True)
def ask(line):
    for _ in range(50):
        try:
            with socket.create_connection((host, int(port)), timeout=5) as s:
                s.sendall((token + " " + line + "\n").encode())
                return s.makefile().readline().split()
        except OSError:
            time.sleep(0.1)
    raise SystemExit("storage unreachable")
delay = 0.25 * job["training"]["epochs"]  # seconds per trial
while True:
    reply = ask(f"next {total_trials}")
    if reply[0] == "none":
        break
    n = int(reply[0])
    params = {"learning_rate": 1e-5 * (n + 1)}
    emit("trial_started", trial=n, params=params, worker=worker)
    time.sleep(delay)
    emit("trial_finished", trial=n, state="complete", value=0.5 + n / 100, params=params, worker=worker)
    ask(f"done {n} {total_trials}")
if worker == 0:
    while True:
        done, total = map(int, ask(f"status {total_trials}"))
        if done >= total:
            break
        time.sleep(0.1)
    emit("sweep_completed", trials=total, best_trial=total - 1, best_value=0.5 + (total - 1) / 100, best_params={"learning_rate": 1e-5 * total})
