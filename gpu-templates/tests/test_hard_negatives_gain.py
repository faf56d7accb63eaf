"""Hard-negative mining measurably helps: the same fine-tuning run on a small retrieval set
(tests/retrieval_set.py, 240 pairs, all-MiniLM-L6-v2 on CPU), once without and once with
training.hard_negatives, through finetune.py. The mined runs must reach a clearly higher mean
nDCG@10 over three test splits, each searched against all 240 passages. Numbers go to
$FTE_MINING_REPORT when set."""
import json
import os
import tempfile
import time
import unittest

from .retrieval_set import MINILM, write
from .trainkit import read_job, run_finetune, write_job

MIN_GAIN = 0.03  # nDCG@10 points, mean over SEEDS
# Three test splits, not one: on 72 test queries against all 240 passages one split is noisy
# (measured: mining -0.03 at split seed 42, +0.15 at 7, +0.06 at 11; mean 0.745 -> 0.803).
SEEDS = (42, 7, 11)


def completed(test, events: list[dict], tail: str) -> dict:
    done = [e for e in events if e["type"] == "completed"]
    test.assertEqual(len(done), 1, tail)
    return done[0]


class MiningImprovesRetrieval(unittest.TestCase):
    def test_mined_negatives_beat_in_batch_negatives_alone(self):
        folder = tempfile.mkdtemp(prefix="fte-mining-")
        plain_job, mined_job = write(folder, MINILM)
        results: dict = {}
        for seed in SEEDS:
            for name, job in (("plain", plain_job), ("mined", mined_job)):
                spec = read_job(job)
                spec["dataset"]["split_seed"] = seed
                write_job(job, spec)
                started = time.time()
                code, events, tail = run_finetune(job, os.path.join(folder, "runs", f"{name}-{seed}"))
                self.assertEqual(code, 0, tail)
                done = completed(self, events, tail)
                mining = [e for e in events if e["type"] == "hard_negatives"]
                phases = [e["phase"] for e in events if e["type"] == "phase"]
                self.assertEqual(len(mining), 1 if name == "mined" else 0)
                self.assertEqual("mining" in phases, name == "mined")
                results.setdefault(name, {})[seed] = {
                    "baseline": done["baseline_metrics"][done["primary_metric"]], "final": done["primary_value"],
                    "delta_ci95": done["delta_ci95"], "seconds": round(time.time() - started, 1),
                    "mining": mining[0] if mining else None}
        report = os.environ.get("FTE_MINING_REPORT")
        if report:
            with open(report, "w", encoding="utf-8") as fh:
                json.dump(results, fh, indent=2)
        plain, mined = results["plain"], results["mined"]
        for seed in SEEDS:
            self.assertEqual(plain[seed]["baseline"], mined[seed]["baseline"])  # same base model, same test split
        stats = mined[42]["mining"]
        # 240 rows: 72 test, 17 validation, 151 train (three roles since the honest-numbers change).
        self.assertEqual((stats["rows"], stats["mined_rows"], stats["filled_rows"]), (151, 151, 0))
        # Hard indeed: the base model scores the mined passages about as close as the answers.
        self.assertLess(abs(stats["margin"]), 0.1)
        mean = {name: sum(r["final"] for r in runs.values()) / len(SEEDS) for name, runs in results.items()}
        self.assertGreaterEqual(mean["mined"] - mean["plain"], MIN_GAIN,
                                f"mean nDCG@10 over split seeds {SEEDS}: without mining {mean['plain']:.4f}, "
                                f"with it {mean['mined']:.4f}")


if __name__ == "__main__":
    unittest.main()
