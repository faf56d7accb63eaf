"""One data step at size, in this fresh process: `python measure.py doctor|split JOB.json`.
Prints one JSON line: {step, rows, seconds, rows_per_s, peak_mb} (peak = this process's max RSS).
doctor: the data doctor without the token check (it samples 5,000 texts whatever the size).
split: what training does before the first step (load, clean, dedupe, test + validation split).
mining: hard-negative mining (fte.hard_negatives.mine) over the training split (prepared first,
untimed) with a tiny random BERT built here (32 wide, 2 layers: the encode stays cheap, so the
time is mostly mining's own). Adds encode_s (the model's encode, warm-up included), search_s (the
library's exact queries x corpus scoring loop) and rest_s (everything else: the library's and our
bookkeeping, which must stay linear)."""
import json
import os
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "gpu-templates"))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "gpu-templates", "smoke"))


def tiny_model(folder: str):
    """A random 32-wide BERT whose vocabulary knows generate_pairs.py's words (q{i}/d{i} are [UNK])."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from tinymodel import SPECIAL, build_model

    build_model(folder, SPECIAL + [f"w{i}" for i in range(5000)], hidden=32)
    t = Transformer(folder, max_seq_length=32)
    return SentenceTransformer(modules=[t, Pooling(t.get_embedding_dimension(), "mean")], device="cpu")


def timed_mining(job, model, train):
    """mine() with the model's encode and the library's scoring loop timed apart."""
    import sentence_transformers.util.hard_negatives as lib

    from fte.hard_negatives import mine

    spent = {"encode_s": 0.0, "search_s": 0.0}
    encode = model.encode

    def timed_encode(*a, **kw):
        t = time.perf_counter()
        try:
            return encode(*a, **kw)
        finally:
            spent["encode_s"] += time.perf_counter() - t

    trange = lib.trange

    def timed_trange(*a, **kw):
        t = time.perf_counter()
        yield from trange(*a, **kw)  # the loop body runs between the yields: all of it is counted
        spent["search_s"] += time.perf_counter() - t

    model.encode, lib.trange = timed_encode, timed_trange
    try:
        out, stats = mine(job, model, train)
    finally:
        lib.trange = trange
    return out, stats, spent


def main() -> None:
    step, job_path = sys.argv[1], sys.argv[2]
    import datasets

    datasets.disable_progress_bars()
    from fte.jobspec import load_job

    job = load_job(job_path)
    t0 = time.perf_counter()
    if step == "doctor":
        from fte.doctor.diagnose import diagnose

        report = diagnose(job, tokens=False)
        rows = report["stats"].get("total_rows", 0)
        extra = {"findings": sorted({f["code"] for f in report["findings"]})}
    elif step == "mining":
        import tempfile

        from fte.data import load_raw, prepare

        train = prepare(job, load_raw(job)).train
        # A random model ranks each positive anywhere in the corpus, so the default 5% margin would
        # leave nothing to mine and every row would take the random fallback: measure the mined path.
        job.training["hard_negatives"]["relative_margin"] = None
        with tempfile.TemporaryDirectory() as folder:
            model = tiny_model(folder)
            t0 = time.perf_counter()
            _, stats, spent = timed_mining(job, model, train)
        rows = stats["rows"]
        secs = time.perf_counter() - t0
        extra = {k: round(v, 2) for k, v in spent.items()}
        extra["rest_s"] = round(secs - spent["encode_s"] - spent["search_s"], 2)
        extra.update({k: stats[k] for k in ("corpus_size", "mined_rows", "filled_rows")})
    else:
        from fte.data import load_raw, prepare

        raw = load_raw(job)
        prepared = prepare(job, raw)
        rows = prepared.info["total_rows"]
        extra = {k: prepared.info[k] for k in ("train_rows", "validation_rows", "test_rows")}
    if step != "mining":
        secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"step": step, "rows": rows, "seconds": round(secs, 2), "rows_per_s": round(rows / secs),
                      "peak_mb": round(peak), **extra}))


if __name__ == "__main__":
    main()
