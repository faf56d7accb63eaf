"""Sweep pieces that need no optuna: URLs, the space, the CLI without optuna, snapshots."""
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

from fte.errors import ConfigError
from fte.events import MARKER
from fte.jobspec import parse_job
from fte.sweep import space, storage
from fte.sweep.serve import restore, snapshot, snapshot_path

from .helpers import schema_errors
from .sweep_helpers import LR_SPACE, SWEEP, sweep_job, write_job

# Runs sweep.py with `import optuna` failing, whatever this interpreter has installed.
NO_OPTUNA = ("import runpy, sys; sys.modules['optuna'] = None; sys.argv = [%r] + sys.argv[1:]; "
             "runpy.run_path(%r, run_name='__main__')") % (SWEEP, SWEEP)


def run_without_optuna(*args):
    return subprocess.run([sys.executable, "-c", NO_OPTUNA, *args], capture_output=True, text=True, timeout=60)


class StorageUrlTest(unittest.TestCase):
    def test_kinds(self):
        g = storage.parse("grpc://r3.modal.host:40123")
        self.assertEqual((g.kind, g.host, g.port), ("grpc", "r3.modal.host", 40123))
        self.assertEqual(storage.parse("grpc://coordinator").port, storage.DEFAULT_PORT)
        s = storage.parse("sqlite:////vol/run/storage/study.db")
        self.assertEqual((s.kind, s.path), ("rdb", "/vol/run/storage/study.db"))
        self.assertEqual(storage.parse("postgresql://u:p@db:5432/optuna").kind, "rdb")
        j = storage.parse("journal:///tmp/sweep.log")
        self.assertEqual((j.kind, j.path), ("journal", "/tmp/sweep.log"))
        self.assertEqual(storage.default_url("/vol/r1"), "sqlite:////vol/r1/storage/study.db")

    def test_bad_urls_are_config_errors(self):
        for url in ("redis://x", "nonsense", "grpc://:12", "grpc://h:notaport", "journal://rel.log", "sqlite://"):
            with self.assertRaises(ConfigError, msg=url):
                storage.parse(url)


class SpaceTest(unittest.TestCase):
    def test_grid_needs_steps_and_enumerates_in_order(self):
        spec = {"batch_size": {"type": "int", "low": 16, "high": 48, "log": False, "step": 16},
                "learning_rate": {"type": "float", "low": 1e-5, "high": 3e-5, "log": False, "step": 1e-5},
                "model": {"type": "categorical", "choices": ["a/b", "c/d"]}}
        grid = space.grid(spec)
        self.assertEqual(len(grid), 3 * 3 * 2)
        self.assertEqual(grid[0], {"batch_size": 16, "learning_rate": 1e-5, "model": "a/b"})
        self.assertEqual(sorted({g["learning_rate"] for g in grid}), [1e-5, 2e-5, 3e-5])
        with self.assertRaises(ConfigError):
            space.grid({"learning_rate": LR_SPACE["learning_rate"]})

    def test_trial_job_applies_training_loss_args_and_model(self):
        job = parse_job(sweep_job(LR_SPACE, 4))
        trial = space.trial_job(job, {"learning_rate": 3e-5, "batch_size": 64.0, "loss_args.margin": 0.3,
                                      "model": "org/other"}, {"output": {"push_to_hub": None}})
        self.assertEqual(trial.training["learning_rate"], 3e-5)
        self.assertEqual(trial.training["batch_size"], 64)
        self.assertIsInstance(trial.training["batch_size"], int)
        self.assertEqual(trial.loss["args"]["margin"], 0.3)
        self.assertEqual(trial.model, "org/other")
        self.assertIsNone(trial.sweep)
        self.assertEqual(job.training["learning_rate"], 2e-5)  # the original is untouched

    def test_validate(self):
        with self.assertRaises(ConfigError):
            space.validate({})
        with self.assertRaises(ConfigError):
            space.validate({"learning_rate": {"type": "float", "low": 0, "high": 1, "log": True}})
        with self.assertRaises(ConfigError):
            space.validate({"training.x": {"type": "categorical", "choices": [1]}})


class CliWithoutOptunaTest(unittest.TestCase):
    def test_help_works_without_optuna(self):
        for args in (["--help"], ["serve-storage", "--help"]):
            result = run_without_optuna(*args)
            self.assertEqual(result.returncode, 0, result.stderr)
            self.assertIn("--run-dir", result.stdout)
        self.assertIn("--storage", run_without_optuna("--help").stdout)
        self.assertIn("--port", run_without_optuna("serve-storage", "--help").stdout)

    def test_missing_optuna_gives_one_environment_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            job = write_job(tmp, sweep_job(LR_SPACE, 4))
            run_dir = os.path.join(tmp, "sweep-1")
            result = run_without_optuna("--job", job, "--run-dir", run_dir, "--train-fn", "fte.sweep.dryrun:train")
            self.assertEqual(result.returncode, 1, result.stderr)
            self.assertNotIn("Traceback", result.stdout + result.stderr)
            events = [json.loads(line[len(MARKER):]) for line in result.stdout.splitlines() if line.startswith(MARKER)]
            self.assertEqual(len(events), 1, result.stdout)
            (error,) = events
            self.assertEqual((error["type"], error["category"], error["run_id"]), ("error", "environment", "sweep-1"))
            self.assertIn("optuna", error["message"])
            self.assertEqual(schema_errors(error), [])

    def test_job_without_sweep_is_a_config_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            data = sweep_job(LR_SPACE, 4)
            data["sweep"] = None
            result = subprocess.run([sys.executable, SWEEP, "--job", write_job(tmp, data), "--run-dir", tmp,
                                     "--train-fn", "fte.sweep.dryrun:train", "--worker-index", "3"],
                                    capture_output=True, text=True, timeout=60)
            self.assertEqual(result.returncode, 1)
            lines = [line for line in result.stdout.splitlines() if line.startswith(MARKER)]
            (error,) = [json.loads(line[len(MARKER):]) for line in lines]
            self.assertIn(error["category"], ("config", "environment"))  # environment: no optuna here
            self.assertEqual(error["run_id"], os.path.basename(tmp) + "-w3")
            self.assertTrue(os.path.exists(os.path.join(tmp, "workers", "3", "events.jsonl")))


class SnapshotTest(unittest.TestCase):
    def test_snapshot_and_restore(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "local", "study.db")
            os.makedirs(os.path.dirname(db))
            con = sqlite3.connect(db)
            con.execute("create table t (x)")
            con.execute("insert into t values (42)")
            con.commit()
            run_dir = os.path.join(tmp, "vol", "sweep")
            snapshot(db, snapshot_path(run_dir))
            con.execute("insert into t values (43)")  # an open writer does not break the copy
            con.commit()
            con.close()
            fresh = os.path.join(tmp, "other", "study.db")
            self.assertTrue(restore(fresh, run_dir))
            self.assertFalse(restore(fresh, run_dir))  # never overwrites a live database
            rows = sqlite3.connect(fresh).execute("select x from t").fetchall()
            self.assertEqual(rows, [(42,)])
            self.assertEqual([n for n in os.listdir(os.path.dirname(snapshot_path(run_dir)))], ["study.db"])
