"""dataset.label_map / score_range / split_by / drop_duplicates as prepare() applies them, and
the split it makes: the doctor judges leakage on exactly this split."""
import copy
import csv
import json
import os
import tempfile
import unittest

from fte.data import ROW, load_raw, prepare, select, split_data
from fte.errors import DatasetError
from fte.jobspec import parse_job
from fte.split import grouped_indices

from .helpers import FIXTURES

with open(os.path.join(FIXTURES, "quora-job.json"), encoding="utf-8") as fh:
    QUORA = json.load(fh)


def job_for(rows: list[dict], task="duplicate-classification", columns=None, fmt="jsonl", **dataset) -> tuple:
    folder = tempfile.mkdtemp(prefix="fte-data-")
    path = os.path.join(folder, f"data.{fmt}")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        if fmt == "csv":  # a csv's text columns load as large_string, which map() keeps unless told
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        else:
            fh.writelines(json.dumps(r) + "\n" for r in rows)
    spec = copy.deepcopy(QUORA)
    spec["task"] = task
    cols = columns or [("text1", "a"), ("text2", "b"), ("label", "y")]
    spec["dataset"].update(hub=None, path=path, subset=None, sample=None, test_size=0.25,
                           columns=[{"role": r, "source": s, "target": r} for r, s in cols], format=fmt, **dataset)
    job = parse_job(spec)
    return job, load_raw(job)


def pairs(n: int, label=lambda i: i % 2) -> list[dict]:
    return [{"a": f"first text {i}", "b": f"second text {i}", "y": label(i)} for i in range(n)]


class DataOptionsTest(unittest.TestCase):
    def test_three_splits_with_the_split_seed_and_no_text_on_two_sides(self):
        job, raw = job_for(pairs(40))
        train, validation, test, info = prepare(job, raw)
        self.assertNotIn(ROW, train.column_names)
        self.assertEqual((info["train_rows"], info["validation_rows"], info["test_rows"]), (27, 3, 10))
        texts = [set(d["text1"]) | set(d["text2"]) for d in (train, validation, test)]
        self.assertFalse(texts[0] & texts[1] or texts[0] & texts[2] or texts[1] & texts[2])
        again = prepare(job, raw)
        self.assertEqual(list(again.test["text1"]), list(test["text1"]))  # deterministic
        spec = dict(job.raw, dataset={**job.raw["dataset"], "split_seed": 7})
        other = prepare(parse_job(spec), raw)
        self.assertNotEqual(list(other.test["text1"]), list(test["text1"]))  # the split seed moves the test set
        spec = dict(job.raw, training={**job.raw["training"], "seed": 7})
        self.assertEqual(list(prepare(parse_job(spec), raw).test["text1"]), list(test["text1"]))  # training.seed does not

    def test_pairs_chained_by_shared_texts_stay_on_one_side_even_across_columns(self):
        # Chains of 4 rows: a-b, b-c, d-c (c as text2 twice), d-e: one component each.
        rows = []
        for g in range(30):
            t = [f"g{g} t{i}" for i in range(5)]
            rows += [{"a": t[0], "b": t[1], "y": 1}, {"a": t[1], "b": t[2], "y": 0},
                     {"a": t[3], "b": t[2], "y": 1}, {"a": t[3], "b": t[4], "y": 0}]
        job, raw = job_for(rows)
        train, validation, test, _ = prepare(job, raw)
        sides = [set(d["text1"]) | set(d["text2"]) for d in (train, validation, test)]
        self.assertEqual(sides[0] & sides[2], set())
        self.assertEqual(sides[0] & sides[1], set())
        self.assertEqual(sides[1] & sides[2], set())
        self.assertEqual(len(test) % 4, 0)  # whole chains only

    def test_an_explicit_test_set_is_used_whole_and_validation_is_carved_from_the_data(self):
        job, raw = job_for(pairs(40))
        folder = tempfile.mkdtemp(prefix="fte-eval-")
        path = os.path.join(folder, "test.jsonl")
        with open(path, "w", encoding="utf-8") as fh:
            fh.writelines(json.dumps({"q": f"other {i}", "d": f"answer {i}", "lab": i % 2}) + "\n" for i in range(12))
        spec = dict(job.raw, dataset={**job.raw["dataset"], "eval": {
            "hub": None, "path": path, "format": "jsonl", "subset": None, "split": "train",
            "columns": [{"role": "text1", "source": "q", "target": "text1"}, {"role": "text2", "source": "d", "target": "text2"},
                        {"role": "label", "source": "lab", "target": "label"}]}})
        train, validation, test, info = prepare(parse_job(spec), raw)
        self.assertEqual(list(test["text1"]), [f"other {i}" for i in range(12)])
        self.assertEqual((info["train_rows"], info["validation_rows"], info["test_rows"], info["test_source"]),
                         (36, 4, 12, "dataset.eval"))

    def test_label_map_turns_words_into_0_1(self):
        for fmt in ("jsonl", "csv"):
            job, raw = job_for(pairs(20, lambda i: "Yes" if i % 2 else "no"), fmt=fmt, label_map={"yes": 1, "no": 0})
            train, _, test, _ = prepare(job, raw)
            self.assertEqual(sorted(set(train["label"]) | set(test["label"])), [0, 1], fmt)
            self.assertEqual(train.features["label"].dtype, "int64", fmt)

    def test_label_map_that_misses_a_value_names_it(self):
        job, raw = job_for(pairs(20, lambda i: ["yes", "no", "maybe"][i % 3]), label_map={"yes": 1, "no": 0})
        with self.assertRaisesRegex(DatasetError, "'maybe'"):
            prepare(job, raw)

    def test_score_range_normalises(self):
        rows = [{"a": f"x{i}", "b": f"y{i}", "s": i % 6} for i in range(30)]
        job, raw = job_for(rows, "semantic-similarity", [("text1", "a"), ("text2", "b"), ("score", "s")], score_range=[0, 5])
        train, validation, test, _ = prepare(job, raw)  # an int column: the normalised scores must not be truncated to ints
        scores = sorted(list(train["score"]) + list(validation["score"]) + list(test["score"]))
        self.assertAlmostEqual(max(scores), 1.0)
        self.assertAlmostEqual(min(scores), 0.0)
        self.assertAlmostEqual(scores[6], 0.2, places=5)

    def test_drop_duplicates_keeps_first_copies(self):
        rows = pairs(20) + pairs(5)
        job, raw = job_for(rows, drop_duplicates=True)
        info = prepare(job, raw).info
        self.assertEqual(info["train_rows"] + info["validation_rows"] + info["test_rows"], 20)

    def test_drop_duplicates_keeps_the_first_copy_of_each_row_as_the_repr_of_its_values_says(self):
        import random

        from fte.data import ROW, drop_duplicate_rows, keep_usable, map_values

        rng = random.Random(5)
        rows = [{"a": f"t{rng.randrange(12)}", "b": f"u{rng.randrange(6)}", "y": rng.choice([0, 1])} for _ in range(300)]
        job, raw = job_for(rows, drop_duplicates=True)
        sel = map_values(job, keep_usable(job, select(job, raw)))
        kept = drop_duplicate_rows(job, sel)
        seen, expected = set(), []  # the reference: first copies by the repr of every mapped value
        for row_id, t1, t2, label in zip(sel[ROW], sel["text1"], sel["text2"], sel["label"]):
            key = (repr(t1), repr(t2), repr(label))
            if key not in seen:
                seen.add(key)
                expected.append(row_id)
        self.assertEqual(list(kept[ROW]), expected)
        self.assertLess(len(expected), 300)
        # 1 and "1" are different values: a label column of strings keeps both
        mixed = [{"a": "x", "b": "y", "y": "1"}, {"a": "x", "b": "y", "y": "1"}, {"a": "x", "b": "z", "y": "1"}]
        job, raw = job_for(mixed, drop_duplicates=True, label_map={"1": 1})
        self.assertEqual(len(drop_duplicate_rows(job, select(job, raw))), 2)

    def test_split_by_holds_out_whole_anchors(self):
        rows = [{"a": f"query {i % 10}", "b": f"passage {i}"} for i in range(60)]
        job, raw = job_for(rows, "information-retrieval", [("anchor", "a"), ("positive", "b")], split_by="anchor")
        train, validation, test, _ = prepare(job, raw)
        for a, b in ((train, test), (train, validation), (validation, test)):
            self.assertFalse(set(a["anchor"]) & set(b["anchor"]))
        self.assertGreaterEqual(len(test), 15)
        again, _ = split_data(job, select(job, raw))
        self.assertEqual(list(again[ROW]), sorted(again[ROW]))  # deterministic and in file order

    def test_grouped_split_needs_two_groups(self):
        keys = ["a", "b", "a", "c"]
        train, held = grouped_indices(keys, 1, 0)
        self.assertEqual(sorted(train + held), [0, 1, 2, 3])
        self.assertFalse({keys[i] for i in train} & {keys[i] for i in held})
        with self.assertRaisesRegex(DatasetError, "only 1 groups"):
            grouped_indices(["a", "a", "a"], 1, 0)


if __name__ == "__main__":
    unittest.main()
