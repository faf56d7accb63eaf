"""vLLM's command line and API surface over a real `transformers serve` (the contract tests' sandbox
program): `vllm serve MODEL --host H --port P --served-model-name NAME ...` serves MODEL's chat
completions through transformers serve, answers /v1/models with NAME like vLLM does, and refuses any
request without `Authorization: Bearer $VLLM_API_KEY` (vLLM's --api-key, read from the environment)
with 401, as vLLM does."""
import argparse
import http.client
import json
import os
import socket
import subprocess
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    parser = argparse.ArgumentParser(prog="vllm")
    parser.add_argument("cmd", choices=["serve"])
    parser.add_argument("model")
    parser.add_argument("--host", default="0.0.0.0")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--served-model-name")
    args, _ = parser.parse_known_args()
    token = os.environ.get("VLLM_API_KEY")
    name = args.served_model_name or args.model
    inner = free_port()
    hf_home = os.environ.get("HF_HOME") or os.path.join(os.getcwd(), "hf")
    os.makedirs(os.path.join(hf_home, "hub"), exist_ok=True)
    exe = os.path.join(os.path.dirname(sys.executable), "transformers")
    proc = subprocess.Popen([exe, "serve", args.model, "--host", "127.0.0.1", "--port", str(inner), "--device", "cpu"],
                            env={**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HUB_CACHE": os.path.join(hf_home, "hub")})
    while True:  # like vLLM: the port opens once the model is loaded
        if proc.poll() is not None:
            sys.exit(f"transformers serve exited with {proc.returncode}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", inner, timeout=2)
            c.request("GET", "/health")
            if c.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.3)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def answer(self, status: int, body: bytes, kind: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def authorised(self) -> bool:
            if token and self.headers.get("authorization") != f"Bearer {token}":
                self.answer(401, b'{"error": "Unauthorized"}')
                return False
            return True

        def do_GET(self):
            if not self.authorised():
                return
            if self.path.rstrip("/") == "/v1/models":
                return self.answer(200, json.dumps({"object": "list", "data": [{"id": name, "object": "model", "owned_by": "vllm"}]}).encode())
            self.forward("GET", b"")

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            if self.authorised():
                self.forward("POST", body)

        def forward(self, method: str, body: bytes) -> None:
            c = http.client.HTTPConnection("127.0.0.1", inner, timeout=300)
            c.request(method, self.path, body or None, {"content-type": "application/json"})
            r = c.getresponse()
            self.answer(r.status, r.read(), r.getheader("content-type") or "application/json")

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    print(f"vllm stand-in: {name} on port {args.port}", flush=True)
    try:
        server.serve_forever()
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
