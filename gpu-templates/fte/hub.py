"""Is the Hugging Face Hub reachable? Asked once, before the libraries are imported: offline,
they answer from their cache at once instead of retrying for a minute per file."""
from __future__ import annotations

import os
import socket
from urllib.parse import urlparse

OFFLINE_VARS = ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE")


def hub_reachable(timeout: float = 3.0) -> bool:
    url = urlparse(os.environ.get("HF_ENDPOINT") or "https://huggingface.co")
    port = url.port or (443 if url.scheme == "https" else 80)
    try:
        socket.create_connection((url.hostname or "", port), timeout=timeout).close()
        return True
    except OSError:
        return False


def offline_unless_reachable(needs_hub: bool) -> bool:
    """Sets the offline switches when the Hub is needed but cannot be reached; returns offline."""
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes"):
        return True
    if not needs_hub or hub_reachable():
        return False
    for name in OFFLINE_VARS:
        os.environ[name] = "1"
    return True
