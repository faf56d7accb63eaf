"""A real OpenAI-compatible server for the LLM generator's tests: `transformers serve` (the pinned
transformers) serving a tiny random causal model made here, with a chat template. Its answers are
nonsense, which is the point: the round-trip filter must say so. Plus a fault-injecting proxy in
front of it (429s, a refused key) to prove the retries and the messages."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from .trainkit import OFFLINE

CHAT_TEMPLATE = ("{% for m in messages %}<|{{ m['role'] }}|>{{ m['content'] }}\n{% endfor %}"
                 "{% if add_generation_prompt %}<|assistant|>{% endif %}")


def build_causal_model(path: str) -> int:
    """A 2-layer GPT-2 with a byte-level BPE trained on a few sentences; returns the vocabulary size."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    corpus = ["Kestrel is the payment gateway.", "Write queries as JSON.", '{"queries": ["a", "b"]}'] * 10
    tok.train_from_iterator(corpus, trainers.BpeTrainer(vocab_size=300, special_tokens=["<|endoftext|>"],
                                                        initial_alphabet=pre_tokenizers.ByteLevel.alphabet()))
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, eos_token="<|endoftext|>", bos_token="<|endoftext|>",
                                   pad_token="<|endoftext|>", model_max_length=1024)
    fast.chat_template = CHAT_TEMPLATE
    fast.save_pretrained(path)
    vocab = len(fast)
    config = GPT2Config(vocab_size=vocab, n_positions=1024, n_embd=32, n_layer=2, n_head=2,
                        bos_token_id=0, eos_token_id=0)
    GPT2LMHeadModel(config).save_pretrained(path)
    return vocab


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`transformers serve MODEL` on 127.0.0.1 (stopped by stop())."""

    def __init__(self, model: str) -> None:
        self.port = free_port()
        exe = os.path.join(os.path.dirname(sys.executable), "transformers")
        self.log = open(os.path.join(model, "serve.log"), "w+", encoding="utf-8")
        cache = os.path.join(model, "hf-cache")  # its own Hugging Face cache: /v1/models scans it
        os.makedirs(os.path.join(cache, "hub"), exist_ok=True)
        self.proc = subprocess.Popen([exe, "serve", model, "--host", "127.0.0.1", "--port", str(self.port), "--device", "cpu"],
                                     stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, **OFFLINE, "HF_HOME": cache, "HF_HUB_CACHE": os.path.join(cache, "hub")})
        self.url = f"http://127.0.0.1:{self.port}/v1"
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                tail = self.tail()
                self.log.close()
                raise RuntimeError(f"transformers serve exited: {tail}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/health")
                ok = c.getresponse().status == 200
                c.close()
                if ok:
                    return
            except OSError:
                time.sleep(0.5)
        tail = self.tail()
        self.stop()  # never leave a server behind: setUpClass failing skips tearDownClass
        raise RuntimeError(f"transformers serve did not start: {tail}")

    def tail(self) -> str:
        self.log.seek(0)
        return self.log.read()[-2000:]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


class FaultProxy:
    """Forwards to `target` after answering the first `fail` requests with `status` (and Retry-After: 0)."""

    def __init__(self, target_port: int, status: int, fail: int) -> None:
        self.requests = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                proxy.requests += 1
                if proxy.requests <= fail:
                    payload = b'{"error": {"message": "injected", "type": "test"}}'
                    self.send_response(status)
                    self.send_header("retry-after", "0")
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                c = http.client.HTTPConnection("127.0.0.1", target_port, timeout=120)
                c.request("POST", self.path, body, {"content-type": "application/json"})
                r = c.getresponse()
                data = r.read()
                self.send_response(r.status)
                self.send_header("content-type", r.getheader("content-type") or "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
