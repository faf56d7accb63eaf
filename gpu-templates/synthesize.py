#!/usr/bin/env python3
"""Synthesize retrieval training pairs from documents: `python3 synthesize.py --job JOB.json`.

The job spec's dataset.synthesize (what `finetune-embeddings job FILE --json` prints) names the
documents, chunking, generator, filter and output files. Progress goes to stderr; the last stdout
line is one JSON object: {chunks, cached, generated, kept, dropped, out, test_documents, ...}, or
{"error", "hint"} with exit code 1.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="synthesize.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--job", required=True, metavar="JOB.json")
    parser.add_argument("--plan", action="store_true",
                        help="print what a run would generate and spend ({chunks, cached, to_generate, calls, prompt_tokens, "
                             "max_completion_tokens}) and generate nothing")
    args = parser.parse_args(argv)
    from fte.toolio import run_tool

    return run_tool(lambda: body(args.job, args.plan))


def body(path: str, plan_only: bool = False) -> dict:
    from fte.jobspec import load_job
    from fte.synthesize.spec import read_spec

    job = load_job(path)
    spec = read_spec(job.dataset)
    from fte.hub import offline_unless_reachable

    offline_unless_reachable(not os.path.isdir(job.model))
    from fte.envinfo import check_packages

    check_packages()
    from fte.toolio import progress, quiet_libraries

    quiet_libraries()
    from sentence_transformers import SentenceTransformer

    from fte.models import resolve_model
    from fte.synthesize.pipeline import plan_run, synthesize

    if plan_only:  # the tokenizer alone: chunks are counted in the model's tokens
        from transformers import AutoTokenizer

        return plan_run(spec, AutoTokenizer.from_pretrained(resolve_model(job.model)))

    progress(f"Loading {job.model}…")
    model = SentenceTransformer(resolve_model(job.model), device=os.environ.get("FTE_DEVICE") or None)
    return synthesize(spec, model, job.model)


if __name__ == "__main__":
    sys.exit(main())
