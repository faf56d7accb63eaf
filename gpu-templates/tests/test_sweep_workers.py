"""Real optuna (the training environment's), a cheap objective, several worker PROCESSES on one
study in a local SQLite storage: the orchestration is the same for every storage URL."""
import datetime
import os
import signal
import tempfile
import time
import unittest

from .helpers import schema_errors
from .sweep_helpers import (LR_SPACE, events_path, finish, load_study, read_events,
                            sweep_job, worker, write_job)


def wait_for(predicate, timeout=60.0, poll=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(poll)
    return False


class WorkersTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.run_dir = os.path.join(self.tmp.name, "sweep-1")
        os.makedirs(self.run_dir)

    def tearDown(self):
        self.tmp.cleanup()

    def launch(self, job, workers, sleep=0.0):
        path = write_job(self.tmp.name, job)
        procs = [worker(path, self.run_dir, k, sleep) for k in range(workers)]
        results = [finish(p) for p in procs]
        for code, out, err in results:
            self.assertEqual(code, 0, (out + err)[-3000:])
        return path, results

    def all_events(self, workers):
        found = []
        for k in range(workers):
            events = read_events(events_path(self.run_dir, k))
            for e in events:
                self.assertEqual(schema_errors(e), [], e)
            self.assertEqual([e["seq"] for e in events], list(range(1, len(events) + 1)))
            found += events
        return found

    def assert_counted_exactly(self, study, n):
        from fte.sweep.study import counts

        trials = study.get_trials()
        self.assertEqual(sorted(t.number for t in trials), list(range(len(trials))))  # unique, contiguous
        self.assertEqual(sum(1 for t in trials if counts(t)), n)
        self.assertFalse([t for t in trials if t.state.name in ("RUNNING", "WAITING")])
        return trials

    def test_four_workers_record_every_trial_once_and_overlap(self):
        self.launch(sweep_job(LR_SPACE, 12, parallel=4), 4, sleep=0.25)
        trials = self.assert_counted_exactly(load_study(self.run_dir), 12)
        self.assertEqual(len(trials), 12)
        self.assertTrue(all(t.state.name == "COMPLETE" for t in trials))
        by_worker = {}
        for t in trials:
            by_worker.setdefault(t.user_attrs["fte_worker"], []).append(t)
        self.assertGreaterEqual(len(by_worker), 2, by_worker.keys())
        overlaps = [(a.number, b.number) for a in trials for b in trials
                    if a.user_attrs["fte_worker"] < b.user_attrs["fte_worker"]
                    and a.datetime_start < b.datetime_complete and b.datetime_start < a.datetime_complete]
        self.assertTrue(overlaps, "no two workers ran trials at the same time")
        events = self.all_events(4)
        started = sorted(e["trial"] for e in events if e["type"] == "trial_started")
        finished = sorted(e["trial"] for e in events if e["type"] == "trial_finished")
        self.assertEqual(started, list(range(12)))
        self.assertEqual(finished, list(range(12)))
        self.assertFalse([e for e in events if e["type"] == "warning" and e["code"] == "trial_lost"])
        reports = [e for e in events if e["type"] == "trial_report"]
        self.assertEqual(len(reports), 12 * 3)
        (done,) = [e for e in events if e["type"] == "sweep_completed"]
        self.assertEqual(done["run_id"], "sweep-1")  # worker 0 finishes the sweep
        best = max(trials, key=lambda t: t.value)
        self.assertEqual((done["trials"], done["best_trial"], done["best_value"]), (12, best.number, best.value))
        self.assertEqual(done["best_params"], best.params)
        self.assertTrue(os.path.exists(os.path.join(self.run_dir, "best-model", "dryrun.json")))
        import optuna

        exported = optuna.load_study(study_name="quora-duplicates", storage="sqlite:///" + done["study_path"])
        self.assertEqual(len(exported.trials), 12)
        bests = [e for e in events if e["type"] == "sweep_best"]
        self.assertIn(best.number, [e["trial"] for e in bests])

    def test_killed_worker_trial_fails_and_the_sweep_still_reaches_the_count(self):
        path = write_job(self.tmp.name, sweep_job(LR_SPACE, 6, parallel=2))
        slow = worker(path, self.run_dir, 1, sleep=60, grace=4)  # hangs in its first trial
        main = worker(path, self.run_dir, 0, sleep=0.3, grace=4)
        try:
            self.assertTrue(wait_for(lambda: any(e["type"] == "trial_started"
                                                 for e in read_events(events_path(self.run_dir, 1)))))
            victim = [e for e in read_events(events_path(self.run_dir, 1)) if e["type"] == "trial_started"][0]["trial"]
            slow.send_signal(signal.SIGKILL)
            slow.communicate(timeout=10)
            code, out, err = finish(main)
            self.assertEqual(code, 0, err[-3000:])
        finally:
            for p in (slow, main):
                if p.poll() is None:
                    p.kill()
                    p.communicate()
        trials = self.assert_counted_exactly(load_study(self.run_dir), 6)
        self.assertEqual(len(trials), 7)
        lost = trials[victim]
        self.assertEqual((lost.state.name, lost.user_attrs["fte_outcome"]), ("FAIL", "lost"))
        events = read_events(events_path(self.run_dir, 0))
        failed = [e for e in events if e["type"] == "trial_finished" and e["state"] == "failed"]
        self.assertEqual([e["trial"] for e in failed], [victim])
        self.assertIn("heartbeat", failed[0]["reason"])
        self.assertEqual([e for e in events if e["type"] == "sweep_completed"][0]["trials"], 6)
        for e in events:
            self.assertEqual(schema_errors(e), [], e)

    def test_relaunch_runs_only_the_remaining_trials(self):
        path = write_job(self.tmp.name, sweep_job(LR_SPACE, 6))
        first = worker(path, self.run_dir, 0, sleep=0.2)
        self.assertTrue(wait_for(lambda: sum(e["type"] == "trial_finished"
                                             for e in read_events(events_path(self.run_dir, 0))) >= 2))
        first.send_signal(signal.SIGTERM)
        code, out, err = finish(first)
        self.assertEqual(code, 143, err[-2000:])
        before = read_events(events_path(self.run_dir, 0))
        self.assertEqual(before[-1]["type"], "error")
        study = load_study(self.run_dir)
        done_before = {t.number: t.value for t in study.get_trials() if t.state.name == "COMPLETE"}
        self.assertGreaterEqual(len(done_before), 2)
        self.assertLess(len(done_before), 6)
        code, out, err = finish(worker(path, self.run_dir, 0, sleep=0.0))
        self.assertEqual(code, 0, err[-2000:])
        after = read_events(events_path(self.run_dir, 0))[len(before):]
        self.assertEqual(after[0]["seq"], before[-1]["seq"] + 1)  # the numbering continues
        rerun = {e["trial"] for e in after if e["type"] == "trial_started"}
        self.assertFalse(rerun & set(done_before), "a finished trial ran again")
        trials = self.assert_counted_exactly(load_study(self.run_dir), 6)
        for number, value in done_before.items():
            self.assertEqual(trials[number].value, value)
        self.assertEqual(after[-1]["type"], "sweep_completed")

    def test_median_pruner_prunes_a_clearly_bad_trial(self):
        # Grid order is fixed: two good trials (the pruner waits for 2), then a collapsing learning rate.
        space = {"learning_rate": {"type": "categorical", "choices": [3e-5, 4e-5, 5e-3, 2e-5]}}
        self.launch(sweep_job(space, 4, sampler="grid", pruner="median"), 1)
        trials = load_study(self.run_dir).get_trials()
        states = [t.state.name for t in trials]
        self.assertEqual(states, ["COMPLETE", "COMPLETE", "PRUNED", "COMPLETE"])
        self.assertEqual(max(trials[2].intermediate_values), 20)  # stopped at the second evaluation
        events = read_events(events_path(self.run_dir, 0))
        (pruned,) = [e for e in events if e["type"] == "trial_finished" and e["state"] == "pruned"]
        self.assertEqual(pruned["trial"], 2)
        self.assertIn("median", pruned["reason"])

    def test_grid_is_covered_exactly_by_parallel_workers(self):
        space = {"learning_rate": {"type": "float", "low": 1e-5, "high": 3e-5, "log": False, "step": 1e-5},
                 "batch_size": {"type": "int", "low": 16, "high": 32, "log": False, "step": 16}}
        self.launch(sweep_job(space, 6, sampler="grid", parallel=3), 3, sleep=0.1)
        trials = self.assert_counted_exactly(load_study(self.run_dir), 6)
        seen = sorted((t.params["batch_size"], round(t.params["learning_rate"], 10)) for t in trials)
        self.assertEqual(seen, sorted((b, round(lr, 10)) for b in (16, 32) for lr in (1e-5, 2e-5, 3e-5)))

    def test_failed_and_collapsed_trials_count_and_are_reported(self):
        space = {"learning_rate": {"type": "categorical", "choices": [2e-5, 5e-3, 3e-5]}}
        path = write_job(self.tmp.name, sweep_job(space, 3, sampler="grid"))
        code, out, err = finish(worker(path, self.run_dir, 0, env={"FTE_DRYRUN_FAIL": "2"}))
        self.assertEqual(code, 0, err[-2000:])
        events = read_events(events_path(self.run_dir, 0))
        states = {e["trial"]: e["state"] for e in events if e["type"] == "trial_finished"}
        self.assertEqual(states, {0: "complete", 1: "collapsed", 2: "failed"})
        self.assert_counted_exactly(load_study(self.run_dir), 3)
        own = read_events(os.path.join(self.run_dir, "trials", "2", "events.jsonl"))
        self.assertEqual([e["type"] for e in own], ["error"])  # the trial's own log says why
        self.assertEqual(own[0]["run_id"], "sweep-1-trial-2")
        (done,) = [e for e in events if e["type"] == "sweep_completed"]
        self.assertEqual(done["states"], {"complete": 1, "collapsed": 1, "failed": 1})
        for e in events + own:
            self.assertEqual(schema_errors(e), [], e)


if __name__ == "__main__":  # pragma: no cover
    unittest.main()
