"""Synthesis speed against the base model's bare encode of the same chunks, then an incremental rerun.

python measure.py --job JOB.json --docs DIR: prints one JSON line. The model loads once; both
timings exclude it. Synthesis (ict + round-trip filter + dedup + split + files) runs on an empty
cache; the bare encode is model.encode of the chunks it wrote, same batch size; alternating, best of two. Then a training
document gets one more paragraph and synthesis runs again: only that file's chunks should be generated and encoded."""
import argparse
import json
import os
import shutil
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "..", "gpu-templates"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--job", required=True)
    parser.add_argument("--docs", required=True, help="the documents folder; one training document gets a new paragraph")
    args = parser.parse_args()
    from sentence_transformers import SentenceTransformer

    from fte.jobspec import load_job
    from fte.models import resolve_model
    from fte.synthesize.pipeline import synthesize
    from fte.synthesize.spec import read_spec
    from fte.toolio import quiet_libraries

    quiet_libraries()
    job = load_job(args.job)
    spec = read_spec(job.dataset)
    model = SentenceTransformer(resolve_model(job.model), device="cpu")
    model.encode(["warm up"] * 8)
    synth_times, bare_times = [], []
    for _ in range(2):  # alternating, best of two each: the first pass over new shapes pays kernel warm-up
        for path in (spec.manifest, spec.test_out):
            if os.path.exists(path):
                os.remove(path)
        shutil.rmtree(spec.cache_dir, ignore_errors=True)
        t0 = time.perf_counter()
        first = synthesize(spec, model, job.model)
        synth_times.append(time.perf_counter() - t0)
        with open(spec.chunks_out, encoding="utf-8") as fh:
            chunks = [json.loads(line)["text"] for line in fh]
        t0 = time.perf_counter()
        model.encode(chunks, batch_size=64, normalize_embeddings=True, convert_to_numpy=True)
        bare_times.append(time.perf_counter() - t0)
    synth_s, bare_s = min(synth_times), min(bare_times)
    with open(spec.manifest, encoding="utf-8") as fh:
        frozen = set(json.load(fh)["test_documents"])  # a test document's questions are frozen: change a training one
    change = next(os.path.join(d, f) for d, _, fs in sorted(os.walk(args.docs)) for f in sorted(fs)
                  if os.path.relpath(os.path.join(d, f), spec.config_dir) not in frozen)
    with open(change, "a", encoding="utf-8") as fh:
        fh.write("\nA new paragraph about the rollback procedure and the canary checks that guard it.\n")
    t0 = time.perf_counter()
    second = synthesize(spec, model, job.model)
    again_s = time.perf_counter() - t0
    print(json.dumps({"documents": first["documents"], "chunks": first["chunks"], "queries": first["kept"] + first["dropped"],
                      "kept": first["kept"], "synth_s": synth_s, "bare_encode_s": bare_s, "ratio": bare_s / synth_s,
                      "rerun": {"generated": second["generated"], "cached": second["cached"], "encoded": second["encoded"],
                                "seconds": again_s}}))


if __name__ == "__main__":
    main()
