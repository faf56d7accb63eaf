"""The LLM generator: any OpenAI-compatible chat endpoint writes queries for a chunk, as JSON.
The key comes from an environment variable (the extension fills it from SecretStorage), never
from the config. 429 and 5xx are retried with exponential backoff (Retry-After honoured); a wrong
endpoint, key or model stops the run with a message that names the setting to fix."""
from __future__ import annotations

import json
import os
import random
import re
import time

from ..errors import ConfigError, FteError

KEY_ENV = "FINETUNE_SYNTH_API_KEY"
RETRYABLE = (408, 409, 429, 500, 502, 503, 504)
TRIES = 6
MAX_TOKENS = 200
SYSTEM = "You write search queries for a retrieval training set. Answer with JSON only."


def prompt(chunk: str, n: int) -> list[dict]:
    half = max(1, n // 2)
    user = (f"Passage:\n\"\"\"\n{chunk}\n\"\"\"\n\n"
            f"Write {n} different queries someone would type to find this passage: {half} short keyword "
            f"queries (2-5 words) and {n - half or 1} full questions it answers. Use the passage's own facts; "
            "do not copy whole sentences.\n"
            'Answer with JSON only: {"queries": ["...", "..."]}')
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def parse_queries(text: str, n: int) -> list[str]:
    """The queries of a JSON answer ({"queries": [...]} or a bare list); failing that, the answer's
    non-empty lines: the round-trip filter judges them either way (nonsense does not find its chunk)."""
    found: list = []
    match = re.search(r"\{.*\}|\[.*\]", text or "", re.S)
    if match:
        try:
            value = json.loads(match.group(0))
            found = value.get("queries", []) if isinstance(value, dict) else value
        except (json.JSONDecodeError, AttributeError):
            found = []
    if not isinstance(found, list) or not any(isinstance(q, str) and q.strip() for q in found):
        found = [line for line in (text or "").splitlines()]
    out: list[str] = []
    for q in found:
        if isinstance(q, str):
            q = " ".join(q.strip().strip("-*•\"'0123456789.) ").split())
            if q and q not in out:
                out.append(q)
    return out[:n]


def backoff(attempt: int, retry_after: str | None = None) -> float:
    if retry_after:
        try:
            return min(60.0, max(0.0, float(retry_after)))
        except ValueError:
            pass
    return min(30.0, 0.5 * 2 ** attempt) * (0.5 + random.random() / 2)


def api_key(gen: dict) -> str:
    name = gen.get("api_key_env") or KEY_ENV
    # Local servers take any key; the client needs a non-empty one.
    return os.environ.get(name) or os.environ.get(KEY_ENV) or "not-needed"


def make_client(gen: dict):
    from openai import OpenAI

    if not gen.get("endpoint"):
        raise ConfigError(f"The generator {gen['type']} has no server to call.",
                          "A generator with backend: modal runs through `finetune-embeddings synthesize` or VS Code, which start "
                          "its server on Modal first.")
    return OpenAI(base_url=gen["endpoint"], api_key=api_key(gen), max_retries=0, timeout=float(gen.get("timeout", 120)))


def complete(client, gen: dict, chunk: str, n: int, sleep=time.sleep) -> tuple[str, dict]:
    """(the answer's text, token usage) for one chunk, retrying what is worth retrying."""
    import openai

    for attempt in range(TRIES):
        try:
            r = client.chat.completions.create(model=gen["model"], messages=prompt(chunk, n), max_tokens=MAX_TOKENS,
                                               temperature=float(gen.get("temperature", 0.7)))
            usage = {"prompt": getattr(r.usage, "prompt_tokens", 0) or 0, "completion": getattr(r.usage, "completion_tokens", 0) or 0}
            return (r.choices[0].message.content or "") if r.choices else "", usage
        except openai.APIStatusError as exc:
            if exc.status_code in RETRYABLE and attempt < TRIES - 1:
                sleep(backoff(attempt, exc.response.headers.get("retry-after")))
                continue
            raise explain(exc, gen) from None
        except openai.APIConnectionError as exc:
            if attempt < TRIES - 1 and not _refused(exc):
                sleep(backoff(attempt))
                continue
            raise explain(exc, gen) from None
    raise AssertionError("unreachable")


def wait_ready(client, gen: dict, clock=time.monotonic, sleep=time.sleep) -> None:
    """Polls the server's model list until it answers: a vLLM server on a fresh GPU downloads and loads
    its model first (minutes). A refused token or a missing model fails at once; silence past
    ready_timeout fails with what to check."""
    import openai

    from ..toolio import progress as say

    t0 = clock()
    limit = float(gen.get("ready_timeout", 1800))
    said = -60.0
    while True:
        try:
            served = [m.id for m in client.models.list()]
            if served and gen["model"] not in served:
                raise ConfigError(f"The generator server serves {', '.join(served)}, not {gen['model']!r}.",
                                  "Check dataset.synthesize.generator.model.")
            say(f"the generator's server is ready ({clock() - t0:.0f} s)")
            return
        except openai.APIStatusError as exc:
            if exc.status_code in (401, 403):
                raise explain(exc, gen) from None
        except openai.APIConnectionError:
            pass
        waited = clock() - t0
        if waited > limit:
            raise FteError(f"The generator's server at {gen['endpoint']} did not answer within {limit:.0f} s.",
                           "The model may be too large for the GPU, or still downloading: pick a larger GPU or a smaller model, "
                           "and look at the sandbox's log on modal.com.", category="network")
        if waited - said >= 30:
            said = waited
            say(f"waiting for the generator's server to load {gen['model']} ({waited:.0f} s)")
        sleep(2.0)


def _refused(exc) -> bool:
    return "refused" in repr(exc.__cause__ or exc).lower()


def explain(exc, gen: dict) -> FteError:
    import openai

    where, model = gen["endpoint"], gen["model"]
    env = gen.get("api_key_env") or KEY_ENV
    if isinstance(exc, openai.APIConnectionError):
        return ConfigError(f"Cannot reach the generator endpoint {where} ({type(exc).__name__}: {exc}).",
                           "Check dataset.synthesize.generator.endpoint (an OpenAI-compatible base URL, usually ending in /v1) "
                           "and that the server is running.")
    status = exc.status_code
    detail = _detail(exc)
    if status in (401, 403):
        return FteError(f"The generator endpoint {where} refused the API key ({status}{detail}).",
                        f"Set the key in the environment variable {env} (in VS Code: Fine-tune Embeddings: Set LLM API Key). "
                        "It is never read from the config.", category="auth")
    if status == 404:
        return ConfigError(f"The generator endpoint {where} has no model {model!r}, or is not an OpenAI-compatible API (404{detail}).",
                           "Check dataset.synthesize.generator.model against the endpoint's model list, and that the endpoint "
                           "is the API's base URL (usually ending in /v1).")
    if status in (400, 422):
        return ConfigError(f"The generator endpoint {where} rejected the request for model {model!r} ({status}{detail}).",
                           "Check dataset.synthesize.generator.model (and temperature) against what the endpoint serves.")
    return FteError(f"The generator endpoint {where} failed with {status}{detail} after {TRIES} tries.",
                    "Try again later, or lower dataset.synthesize.generator.concurrency.", category="network")


def _detail(exc) -> str:
    try:
        body = exc.response.json()
        msg = body.get("error", {}).get("message") if isinstance(body.get("error"), dict) else body.get("detail") or body.get("error")
    except Exception:  # noqa: BLE001 - a body that is not JSON has no detail worth showing
        msg = None
    return f": {str(msg)[:200]}" if msg else ""
