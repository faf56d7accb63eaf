"""Multi-GPU: relaunch under torchrun when the job asks for several GPUs; rank 0 reports."""
from __future__ import annotations

import os
import sys


def rank(env=os.environ) -> int:
    return int(env.get("RANK", "0") or 0)


def world_size(env=os.environ) -> int:
    return int(env.get("WORLD_SIZE", "1") or 1)


def under_launcher(env=os.environ) -> bool:
    return "LOCAL_RANK" in env


def processes_to_launch(gpu_count: int, visible_gpus: int, env=os.environ) -> int:
    """How many processes torchrun should start; 0 = train in this process."""
    if under_launcher(env) or gpu_count <= 1:
        return 0
    n = min(gpu_count, visible_gpus)
    return n if n > 1 else 0


def torchrun_command(script: str, argv: list[str], nproc: int) -> list[str]:
    return [sys.executable, "-m", "torch.distributed.run", "--standalone",
            f"--nproc_per_node={nproc}", script, *argv]
