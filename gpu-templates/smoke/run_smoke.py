#!/usr/bin/env python3
"""GPU proof for gpu-templates/finetune.py and sweep.py, for a GPU machine without network.

  PYTHONPATH=/tmp/site python3 gpu-templates/smoke/run_smoke.py [--skip-throughput] [--json-out FILE]

Part 1 runs the same real-training tests `npm test` runs on CPU (tests/test_training.py: every
task must beat its base model's score, Matryoshka, resume after SIGTERM, the error path; and
tests/test_sweep_training.py: a sweep over the private gRPC store with three workers), here on
the GPU, and reports each run's baseline -> final and seconds. Part 2 measures training
throughput of a BERT-base-sized random model at sequence length 128 (see throughput.py).
Prints a JSON report and SMOKE PASSED / SMOKE FAILED; exit code 0 when everything held.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.dirname(HERE)
sys.path[:0] = [TEMPLATES, HERE]


def part1(report_file: str) -> tuple[bool, dict]:
    os.environ["FTE_TRAINING_REPORT"] = report_file
    suite = unittest.defaultTestLoader.loadTestsFromNames(["tests.test_training", "tests.test_sweep_training"])
    result = unittest.TextTestRunner(verbosity=2, stream=sys.stdout).run(suite)
    with open(report_file, encoding="utf-8") as fh:
        return result.wasSuccessful(), json.load(fh)


def part2(work: str) -> dict:
    from synth import World
    from throughput import measure
    from tinymodel import build_model

    world = World()
    path = os.path.join(work, "bert-base-random")
    build_model(path, world.vocab, base_sized=True)
    return measure(path, world.vocab)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--json-out", default=None, help="also write the report to this file")
    args = parser.parse_args()
    for key in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ[key] = "1"
    work = tempfile.mkdtemp(prefix="fte-smoke-")
    ok, runs = part1(os.path.join(work, "training.json"))
    report = {"training": runs}
    if not args.skip_throughput:
        print("\n== throughput (BERT-base-sized random model, seq 128, bf16 autocast)", flush=True)
        report["throughput"] = part2(work)
    text = json.dumps(report, indent=2)
    print("\n" + text)
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            fh.write(text)
    print(f"\n{'SMOKE PASSED' if ok else 'SMOKE FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
