"""Evaluation cost: the validation set is capped (rows over the cap train, with a note), and
eval_steps may be a fraction of the run."""
import io
import unittest

from fte.data import prepare
from fte.events import Emitter, parse_line
from fte.jobspec import parse_job
from fte.reporting import dataset
from fte.runctx import RunContext
from fte.sampling import evaluation_interval

from .helpers import schema_errors
from .test_data_options import job_for, pairs


class EvalCost(unittest.TestCase):
    def test_the_validation_set_is_capped_and_the_rest_trains(self):
        job, raw = job_for(pairs(200), validation_size=0.5)
        spec = dict(job.raw, dataset={**job.raw["dataset"], "validation_max": 20})
        parts = prepare(parse_job(spec), raw)
        self.assertEqual((len(parts.validation), len(parts.train), len(parts.test)), (20, 130, 50))
        self.assertEqual(parts.info["validation_uncapped"], 75)
        stream = io.StringIO()
        dataset(RunContext(Emitter("r", None, stream=stream)), parts.info)
        events = [e for e in (parse_line(line) for line in stream.getvalue().splitlines()) if e]
        self.assertEqual([e["type"] for e in events], ["dataset", "warning"])
        self.assertEqual(schema_errors(events[0]), [])  # the note's count is not a dataset field
        self.assertEqual(events[1]["code"], "validation_capped")
        self.assertIn("capped at 20 rows (validation_size would carve 75)", events[1]["message"])

    def test_the_default_cap_is_2000_rows(self):
        job, raw = job_for(pairs(40))
        self.assertNotIn("validation_uncapped", prepare(job, raw).info)
        from fte.data import VALIDATION_MAX, validation_max

        self.assertEqual((VALIDATION_MAX, validation_max(job)), (2000, 2000))

    def test_eval_steps_as_a_fraction_of_the_run(self):
        self.assertEqual(evaluation_interval(0.25, 400), 100)
        self.assertEqual(evaluation_interval(0.01, 30), 1)
        self.assertEqual(evaluation_interval(50, 400), 50)


if __name__ == "__main__":
    unittest.main()
