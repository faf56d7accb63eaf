"""A fair pruner, trained for real on CPU: two sweep trials with batch sizes 16 and 64 (the sweep's
job uses 32) evaluate after the same numbers of training samples and report them to Optuna at the
same steps, so the median pruner compares equal data seen, not equal optimizer steps."""
from __future__ import annotations

import io
import json
import os
import tempfile
import unittest

from fte.pruning.progress import equivalent_step, samples_seen, trial_eval_steps

from .trainkit import OFFLINE, World, read_job, write_job, write_task


class Pure(unittest.TestCase):
    def test_a_bigger_batch_evaluates_after_fewer_steps_and_reports_the_base_jobs_step(self):
        self.assertEqual(trial_eval_steps(10, 32, 64), 5)
        self.assertEqual(trial_eval_steps(10, 32, 16), 20)
        self.assertEqual(trial_eval_steps(1, 32, 512), 1)
        self.assertEqual(equivalent_step(5 * 64, 32), 10)
        self.assertEqual(equivalent_step(20 * 16, 32), 10)

    def test_an_epochs_last_partial_batch_counts_only_the_rows_it_has(self):
        # 720 rows: batch 64 ends the epoch after 12 steps having seen 720 rows, not 768
        self.assertEqual(samples_seen(12, 64, 720), 720)
        self.assertEqual(samples_seen(45, 16, 720), 720)
        self.assertEqual(samples_seen(5, 64, 720), 320)
        self.assertEqual(samples_seen(17, 64, 720), 720 + 320)


class TwoBatchSizes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import optuna

        os.environ.update(OFFLINE)
        from fte.events import Emitter
        from fte.jobspec import load_job
        from fte.runctx import RunContext
        from fte.sweep.space import trial_job
        from fte.sweep.trial import Reporter, SweepConfig
        from fte.training import train_job

        cls.root = tempfile.mkdtemp(prefix="fte-prune-")
        world = World()
        from .trainkit import build_model

        model = os.path.join(cls.root, "tiny-bert")
        build_model(model, world.vocab)
        path = write_task(world, "information-retrieval", os.path.join(cls.root, "data"), model, n=1000)
        raw = read_job(path)
        raw["training"].update(epochs=1, eval_steps=10, batch_size=32)
        base = load_job(write_job(path, raw))
        study = optuna.create_study(direction="maximize", pruner=optuna.pruners.NopPruner())
        sweep_ctx = RunContext(Emitter("sweep", os.path.join(cls.root, "sweep"), stream=io.StringIO()))
        cls.reports = {}
        for batch in (16, 64):
            trial = study.ask()
            run_dir = os.path.join(cls.root, "trials", str(batch))
            os.makedirs(run_dir, exist_ok=True)
            cfg = SweepConfig(job=base, run_dir=os.path.join(cls.root, "sweep"), run_id="sweep", worker=0,
                              metric=base.evaluator["primary_metric"], train_fn=None)
            ctx = RunContext(Emitter(f"trial-{batch}", run_dir, stream=io.StringIO()))
            reporter = Reporter(trial, cfg, ctx, sweep_ctx, {"batch_size": batch})
            train_job(trial_job(base, {"batch_size": batch}), ctx, run_dir, os.path.join(cls.root, ".hf"), reporter=reporter)
            cls.reports[batch] = study.trials[trial.number].intermediate_values
        with open(os.path.join(cls.root, "sweep", "events.jsonl"), encoding="utf-8") as fh:
            cls.events = [json.loads(line) for line in fh if line.strip()]

    def test_both_trials_report_at_the_same_steps(self):
        self.assertEqual(sorted(self.reports[16]), sorted(self.reports[64]))
        self.assertEqual(sorted(self.reports[16])[:2], [10, 20])

    def test_each_report_is_after_the_same_samples_seen(self):
        reports = [e for e in self.events if e["type"] == "trial_report"]
        by_trial: dict = {}
        for e in reports:
            by_trial.setdefault(e["trial"], []).append((e["step"], e["samples_seen"]))
        small, large = by_trial.values()
        self.assertEqual(small, large)
        self.assertEqual(small[0], (10, 320))


if __name__ == "__main__":
    unittest.main()
