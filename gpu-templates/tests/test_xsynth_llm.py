"""The LLM generator end to end against a real OpenAI-compatible server (`transformers serve`
with a tiny random causal model made here): the calls, the cache, nonsense caught by the
round-trip filter, retries on 429 and 503, and the messages for a wrong key, model and endpoint."""
from __future__ import annotations

import os
import shutil
import unittest

from .llmkit import FaultProxy, Server, build_causal_model, free_port
from .synthkit import run_synthesize, synth_job, temp_root, write_docs


def llm_job(root: str, endpoint: str, model: str, **extra) -> dict:
    job = synth_job(root, top_k=1, per_chunk=2)
    job["dataset"]["synthesize"]["generator"] = {"type": "openai", "endpoint": endpoint, "model": model,
                                                 "temperature": 0.7, "concurrency": 2, **extra}
    return job


class LlmGenerator(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = temp_root()
        cls.model = os.path.join(cls.dir, "tiny-chat")
        cls.vocab = build_causal_model(cls.model)
        cls.server = Server(cls.model)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.dir, ignore_errors=True)

    def fresh(self) -> str:
        root = temp_root()
        self.addCleanup(shutil.rmtree, root, True)
        write_docs(root)
        return root

    def test_real_server_nonsense_is_filtered_and_cached(self):
        self.assertGreater(self.vocab, 256, "the byte-level tokenizer knows every byte")
        root = self.fresh()
        job = llm_job(root, self.server.url, self.model)
        rc, res, err = run_synthesize(job, root)
        self.assertEqual(rc, 0, f"{err}\n{self.server.tail()}")
        self.assertEqual((res["chunks"], res["generated"]), (6, 6))
        self.assertIn("plan: 6 chunks, 0 cached, 6 LLM calls, about", err, "calls and tokens are shown before they are spent")
        self.assertEqual(res["usage"]["calls"], 6)
        self.assertGreater(res["usage"]["prompt_tokens"], 0)
        total = res["kept"] + res["dropped"]
        self.assertGreater(total, 0, "the server answered; its lines are candidate queries")
        self.assertGreater(res["dropped_by"]["round_trip"], 0, "nonsense does not find its own chunk")
        self.assertLess(res["keep_rate"], 0.5)
        rc, again, err = run_synthesize(job, root)
        self.assertEqual(rc, 0, err)
        self.assertEqual((again["cached"], again["generated"], again["usage"]["calls"]), (6, 0, 0), "no call for a cached chunk")

    def test_429_and_503_are_retried(self):
        for status in (429, 503):
            proxy = FaultProxy(self.server.port, status, fail=2)
            try:
                root = self.fresh()
                rc, res, err = run_synthesize(llm_job(root, proxy.url, self.model, concurrency=1), root)
                self.assertEqual(rc, 0, err)
                self.assertEqual(res["usage"]["calls"], 6)
                self.assertEqual(proxy.requests, 8, f"{status}: two refusals, then six answered calls")
            finally:
                proxy.stop()

    def test_wrong_key_endpoint_and_model_say_what_to_fix(self):
        proxy = FaultProxy(self.server.port, 401, fail=100)
        try:
            root = self.fresh()
            rc, res, _ = run_synthesize(llm_job(root, proxy.url, self.model), root)
            self.assertEqual(rc, 1)
            self.assertIn("refused the API key (401", res["error"])
            self.assertIn("FINETUNE_SYNTH_API_KEY", res["hint"])
            self.assertEqual(proxy.requests, 1, "a refused key is not retried, and the other chunks never start")
        finally:
            proxy.stop()
        root = self.fresh()
        rc, res, _ = run_synthesize(llm_job(root, f"http://127.0.0.1:{free_port()}/v1", self.model), root)
        self.assertEqual(rc, 1)
        self.assertIn("Cannot reach the generator endpoint", res["error"])
        self.assertIn("dataset.synthesize.generator.endpoint", res["hint"])
        rc, res, _ = run_synthesize(llm_job(root, self.server.url.replace("/v1", "/nope"), self.model), root)
        self.assertEqual(rc, 1)
        self.assertIn("404", res["error"])
        self.assertIn("dataset.synthesize.generator", res["hint"])


if __name__ == "__main__":
    unittest.main()
