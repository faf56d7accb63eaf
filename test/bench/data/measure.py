"""One data step at size, in this fresh process: `python measure.py doctor|split JOB.json`.
Prints one JSON line: {step, rows, seconds, rows_per_s, peak_mb} (peak = this process's max RSS).
doctor: the data doctor without the token check (it samples 5,000 texts whatever the size).
split: what training does before the first step (load, clean, dedupe, test + validation split)."""
import json
import os
import resource
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "gpu-templates"))


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
    else:
        from fte.data import load_raw, prepare

        raw = load_raw(job)
        prepared = prepare(job, raw)
        rows = prepared.info["total_rows"]
        extra = {k: prepared.info[k] for k in ("train_rows", "validation_rows", "test_rows")}
    secs = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"step": step, "rows": rows, "seconds": round(secs, 2), "rows_per_s": round(rows / secs),
                      "peak_mb": round(peak), **extra}))


if __name__ == "__main__":
    main()
