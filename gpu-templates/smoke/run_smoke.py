#!/usr/bin/env python3
"""GPU proof for gpu-templates/finetune.py, for a GPU machine without network.

  PYTHONPATH=.pydeps python3 gpu-templates/smoke/run_smoke.py [--work DIR] [--tasks ...] [--skip-throughput]

Part 1 builds a tiny BERT and WordPiece vocabulary, writes a learnable synthetic dataset per
task (local jsonl), and runs finetune.py end to end for every task, asserting: baseline, >= 1
eval, completed, every event valid under events.schema.json, finite metrics, the saved model
loads and encodes, and the primary metric improves on duplicate-classification. It also
relaunches one run to check resume, and runs a job with a wrong column to check the error path.
Part 2 measures training throughput of a BERT-base-sized random model at sequence length 128.
Exit code 0 when every assertion holds. See README.md in this folder.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATES = os.path.dirname(HERE)
REPO = os.path.dirname(TEMPLATES)
sys.path[:0] = [TEMPLATES, HERE, os.path.join(REPO, ".pydeps")]

from fte.events import parse_line  # noqa: E402
from synth import TASKS, World, write_task  # noqa: E402
from tinymodel import build_model  # noqa: E402
from tests.minischema import errors as schema_errors  # noqa: E402

with open(os.path.join(TEMPLATES, "events.schema.json"), encoding="utf-8") as _fh:
    SCHEMA = json.load(_fh)
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1"}


def run_finetune(job: str, run_dir: str) -> tuple[int, list[dict], str]:
    env = {**os.environ, **OFFLINE,
           "PYTHONPATH": os.pathsep.join(filter(None, [os.path.join(REPO, ".pydeps"), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.run([sys.executable, os.path.join(TEMPLATES, "finetune.py"), "--job", job, "--run-dir", run_dir],
                          capture_output=True, text=True, env=env, timeout=1800)
    events = [e for e in (parse_line(line) for line in proc.stdout.splitlines()) if e is not None]
    return proc.returncode, events, proc.stdout[-3000:] + proc.stderr[-3000:]


class Checks:
    def __init__(self) -> None:
        self.failures: list[str] = []

    def check(self, ok: bool, what: str) -> bool:
        print(f"  {'ok  ' if ok else 'FAIL'} {what}", flush=True)
        if not ok:
            self.failures.append(what)
        return ok


def check_run(c: Checks, task: str, code: int, events: list[dict], tail: str) -> dict | None:
    types = [e["type"] for e in events]
    if not c.check(code == 0 and "completed" in types, f"{task}: exit 0 and completed"):
        print(tail)
        return None
    bad = [(e["seq"], schema_errors(e, SCHEMA)) for e in events if schema_errors(e, SCHEMA)]
    c.check(not bad, f"{task}: all {len(events)} events valid under events.schema.json {bad[:2]}")
    c.check([e["seq"] for e in events] == list(range(events[0]["seq"], events[0]["seq"] + len(events))), f"{task}: seq contiguous")
    c.check("baseline" in types, f"{task}: baseline event")
    c.check(types.count("eval") >= 1, f"{task}: {types.count('eval')} eval events")
    c.check(types.count("train_log") >= 1, f"{task}: {types.count('train_log')} train_log events")
    done = next(e for e in events if e["type"] == "completed")
    finite = all(v is not None for v in done["final_metrics"].values()) and done["primary_value"] is not None
    c.check(finite, f"{task}: final metrics finite")
    base, final = done["baseline_metrics"].get(done["primary_metric"]), done["primary_value"]
    print(f"       {done['primary_metric']}: baseline {base} -> final {final}")
    from sentence_transformers import SentenceTransformer

    try:
        emb = SentenceTransformer(done["model_path"]).encode(["a test sentence"])
        c.check(emb.shape[0] == 1, f"{task}: saved model loads and encodes (dim {emb.shape[1]})")
    except Exception as exc:  # noqa: BLE001
        c.check(False, f"{task}: saved model loads ({exc})")
    return done


def part1(c: Checks, work: str, tasks: list[str]) -> dict:
    world = World()
    tiny = os.path.join(work, "tiny-bert")
    build_model(tiny, world.vocab)  # checks the tokenizer's size and tokens (see tinymodel.py)
    results = {}
    for task in tasks:
        print(f"\n== {task}", flush=True)
        job = write_task(world, task, os.path.join(work, "data"), tiny)
        started = time.time()
        code, events, tail = run_finetune(job, os.path.join(work, "runs", task))
        done = check_run(c, task, code, events, tail)
        if done:
            results[task] = {"baseline": done["baseline_metrics"].get(done["primary_metric"]),
                             "final": done["primary_value"], "seconds": round(time.time() - started, 1)}
            if task == "duplicate-classification":
                c.check((done["primary_value"] or 0) > (results[task]["baseline"] or 0), f"{task}: primary metric improved")
                check_resume(c, job, os.path.join(work, "runs", task), events[-1]["seq"])
    check_error_path(c, world, work, tiny)
    return results


def check_resume(c: Checks, job: str, run_dir: str, last: int) -> None:
    code, events, tail = run_finetune(job, run_dir)
    first = events[0] if events else {}
    ok = code == 0 and first.get("type") == "run_started" and first.get("resumed") and first.get("seq") == last + 1
    if not c.check(bool(ok), "relaunch resumes from the latest checkpoint and continues seq"):
        print(tail)


def check_error_path(c: Checks, world: World, work: str, model: str) -> None:
    job_path = write_task(world, "duplicate-classification", os.path.join(work, "data-bad"), model, n=50)
    with open(job_path, encoding="utf-8") as fh:
        job = json.load(fh)
    job["dataset"]["columns"][0]["source"] = "question1"
    with open(job_path, "w", encoding="utf-8") as fh:
        json.dump(job, fh)
    code, events, _ = run_finetune(job_path, os.path.join(work, "runs", "bad-column"))
    errors = [e for e in events if e["type"] == "error"]
    c.check(code != 0 and len(errors) == 1 and errors[0]["category"] == "dataset" and "'q1'" in errors[0]["message"],
            f"wrong column -> one dataset error listing the columns: {errors[0]['message'] if errors else None}")


def part2(work: str) -> dict:
    from throughput import measure

    world = World()
    path = os.path.join(work, "bert-base-random")
    build_model(path, world.vocab, base_sized=True)
    return measure(path, world.vocab)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", default=None, help="scratch folder (default: a temp dir)")
    parser.add_argument("--tasks", nargs="*", default=list(TASKS), choices=list(TASKS))
    parser.add_argument("--skip-throughput", action="store_true")
    parser.add_argument("--json-out", default=None, help="also write the numbers to this file")
    args = parser.parse_args()
    work = args.work or tempfile.mkdtemp(prefix="fte-smoke-")
    os.environ.update(OFFLINE)
    c = Checks()
    report = {"tasks": part1(c, work, args.tasks)}
    if not args.skip_throughput:
        print("\n== throughput (BERT-base-sized random model, seq 128, bf16 autocast)", flush=True)
        report["throughput"] = part2(work)
        for key, value in report["throughput"].items():
            print(f"  {key}: {value}")
    report["failures"] = c.failures
    print("\n" + json.dumps(report, indent=2))
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=2)
    print(f"\n{'SMOKE PASSED' if not c.failures else f'SMOKE FAILED: {len(c.failures)} check(s)'}")
    return 0 if not c.failures else 1


if __name__ == "__main__":
    sys.exit(main())
