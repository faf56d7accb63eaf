"""Mining joins negatives onto every training row, reports valid statistics, and keeps rows
that no candidate qualifies for (with a random negative and a warning)."""
import io
import os
import unittest
from unittest import mock

from fte import hard_negatives, reporting
from fte.events import Emitter, parse_line
from fte.hard_negatives import mine
from fte.jobspec import parse_job
from fte.runctx import RunContext

from .helpers import schema_errors
from .trainkit import OFFLINE, Workspace, read_job

WS: Workspace | None = None


def setUpModule():
    global WS
    os.environ.update(OFFLINE)
    WS = Workspace()


def ir_job(loss="MultipleNegativesRankingLoss", family="mnrl", negative=False, **hn):
    spec = read_job(WS.job("information-retrieval", "mine", n=120))
    cols = spec["dataset"]["columns"]
    spec["dataset"]["columns"] = cols if negative else [c for c in cols if c["role"] != "negative"]
    spec["loss"].update(name=loss, family=family)
    spec["training"]["hard_negatives"] = {"count": 2, "sampling": "top", "range_min": 0, "range_max": None,
                                          "absolute_margin": None, "relative_margin": None, "max_score": None, **hn}
    return parse_job(spec)


def data_and_model(job):
    from sentence_transformers import SentenceTransformer

    from fte.data import load_raw, prepare

    train = prepare(job, load_raw(job)).train
    return train, SentenceTransformer(job.model, device="cpu")


class MiningTest(unittest.TestCase):
    def test_every_row_gets_negatives_that_are_not_its_positive(self):
        job = ir_job()
        train, model = data_and_model(job)
        out, stats = mine(job, model, train)
        self.assertEqual(len(out), len(train))
        self.assertEqual(out.column_names, ["anchor", "positive", "negative_1", "negative_2"])
        for row in out:
            self.assertNotIn(row["positive"], (row["negative_1"], row["negative_2"]))
        self.assertEqual(stats["mined_rows"] + stats["filled_rows"], len(train))
        self.assertGreater(stats["positive_score"], stats["negative_score"] - 1)  # both real cosines
        ctx = RunContext(Emitter("r", None, stream=io.StringIO()))
        self.assertEqual(schema_errors(reporting.hard_negatives(ctx, stats)), [])

    def test_the_time_estimate_leaves_torchs_global_generator_as_it_was(self):
        import torch

        job = ir_job()
        train, model = data_and_model(job)
        before = torch.get_rng_state()
        with mock.patch.object(hard_negatives, "ESTIMATE_FROM_TEXTS", 0):  # the warm-up runs however small the data
            mine(job, model, train)  # the warm-up scores random embeddings from its own generator
        self.assertTrue(torch.equal(before, torch.get_rng_state()), "model init and shuffling would change")

    def test_small_data_spends_no_warm_up_on_an_estimate(self):
        job = ir_job()
        train, model = data_and_model(job)
        with mock.patch.object(hard_negatives, "_rates", side_effect=AssertionError("warm-up on small data")):
            out, stats = mine(job, model, train)
        self.assertEqual(stats["rows"], len(train))

    def test_a_margin_nothing_passes_keeps_rows_and_warns(self):
        job = ir_job(count=1, absolute_margin=5.0)  # cosine differences never reach 5
        train, model = data_and_model(job)
        out, stats = mine(job, model, train)
        self.assertEqual((len(out), stats["filled_rows"]), (len(train), len(train)))
        stream = io.StringIO()
        reporting.hard_negatives(RunContext(Emitter("r", None, stream=stream)), stats)
        events = [e for e in map(parse_line, stream.getvalue().splitlines()) if e]
        self.assertEqual([e.get("code") for e in events if e["type"] == "warning"], ["hard_negatives_filled"])

    def test_triplet_loss_gets_the_mined_negative_instead_of_the_given_one(self):
        job = ir_job("TripletLoss", "triplet", negative=True, count=1)
        train, model = data_and_model(job)
        out, _ = mine(job, model, train)
        self.assertEqual(out.column_names, ["anchor", "positive", "negative_1"])
        mnrl = ir_job(negative=True, count=1)
        out, _ = mine(mnrl, model, train)
        self.assertEqual(out.column_names, ["anchor", "positive", "negative", "negative_1"])


if __name__ == "__main__":
    unittest.main()
