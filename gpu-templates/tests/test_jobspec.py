import copy
import json
import os
import unittest

from fte.errors import ConfigError
from fte.jobspec import load_job, parse_job

from .helpers import FIXTURES

with open(os.path.join(FIXTURES, "quora-job.json"), encoding="utf-8") as fh:
    QUORA = json.load(fh)


class JobSpecTest(unittest.TestCase):
    def test_parses_the_resolved_example(self):
        job = parse_job(QUORA)
        self.assertEqual(job.task, "duplicate-classification")
        self.assertEqual([c.role for c in job.columns], ["text1", "text2", "label"])
        self.assertEqual(job.evaluator["primary_metric"], "eval_dev_cosine_ap")
        self.assertIsNone(job.matryoshka)

    def test_rejects_other_spec_versions(self):
        data = dict(QUORA, spec_version=2)
        with self.assertRaises(ConfigError) as cm:
            parse_job(data)
        self.assertIn("version 2", cm.exception.message)

    def test_names_a_missing_key(self):
        data = copy.deepcopy(QUORA)
        del data["training"]["eval_steps"]
        with self.assertRaisesRegex(ConfigError, "training.eval_steps"):
            parse_job(data)

    def test_label_target_must_be_named_label(self):
        data = copy.deepcopy(QUORA)
        data["dataset"]["columns"][2]["target"] = "y"
        with self.assertRaisesRegex(ConfigError, "must be named 'label'"):
            parse_job(data)

    def test_bad_values(self):
        for path, value, pattern in [
            (("dataset", "test_size"), 1.5, "test_size"),
            (("training", "batch_sampler"), "random", "batch_sampler"),
            (("training", "precision"), "int8", "precision"),
        ]:
            data = copy.deepcopy(QUORA)
            data[path[0]][path[1]] = value
            with self.subTest(path=path), self.assertRaisesRegex(ConfigError, pattern):
                parse_job(data)

    def test_local_dataset_needs_a_format(self):
        data = copy.deepcopy(QUORA)
        data["dataset"].update(hub=None, path="/data/pairs.tsv", format=None)
        with self.assertRaisesRegex(ConfigError, "format"):
            parse_job(data)

    def test_load_job_errors_are_config_errors(self):
        with self.assertRaisesRegex(ConfigError, "not found"):
            load_job("/nonexistent/job.json")
