"""finetune.py as a user meets it: --help, and a real job on a machine without the ML libraries."""
import json
import os
import subprocess
import sys
import tempfile
import unittest

from fte.events import MARKER

from .helpers import FINETUNE, FIXTURES, schema_errors


def run(*args, env=None, without_site=False):
    # -S leaves site-packages off sys.path: the interpreter as a machine without the ML libraries sees it.
    flags = ["-S"] if without_site else []
    return subprocess.run([sys.executable, *flags, FINETUNE, *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def events(stdout):
    return [json.loads(line[len(MARKER):]) for line in stdout.splitlines() if line.startswith(MARKER)]


class CliTest(unittest.TestCase):
    def test_help_works_without_ml_libraries(self):
        result = run("--help")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("--job", result.stdout)
        self.assertIn("--run-dir", result.stdout)
        self.assertIn(MARKER.strip(), result.stdout)

    def test_missing_libraries_give_one_environment_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            run_dir = os.path.join(tmp, "quora-duplicates-1")
            result = run("--job", os.path.join(FIXTURES, "quora-job.json"), "--run-dir", run_dir, without_site=True)
            self.assertNotEqual(result.returncode, 0)
            self.assertNotIn("Traceback", result.stdout + result.stderr)
            found = events(result.stdout)
            self.assertEqual(len(found), 1, result.stdout)
            error = found[0]
            self.assertEqual(error["type"], "error")
            self.assertEqual(error["category"], "environment")
            self.assertEqual(error["run_id"], "quora-duplicates-1")
            self.assertIn("sentence-transformers", error["message"])
            self.assertIn("pip install", error["hint"])
            self.assertEqual(schema_errors(error), [])
            with open(os.path.join(run_dir, "events.jsonl"), encoding="utf-8") as fh:
                self.assertEqual([json.loads(line) for line in fh], found)

    def test_bad_job_is_a_config_error_event(self):
        with tempfile.TemporaryDirectory() as tmp:
            job = os.path.join(tmp, "job.json")
            with open(job, "w", encoding="utf-8") as fh:
                fh.write("{not json")
            result = run("--job", job, "--run-dir", os.path.join(tmp, "r"), "--run-id", "custom-id")
            self.assertEqual(result.returncode, 1)
            (error,) = events(result.stdout)
            self.assertEqual((error["category"], error["run_id"]), ("config", "custom-id"))
            self.assertEqual(error["traceback_tail"], [])

    def test_only_rank_zero_reports(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = run("--job", os.path.join(tmp, "missing.json"), "--run-dir", tmp, env={"RANK": "1"})
            self.assertEqual(result.returncode, 1)
            self.assertEqual(events(result.stdout), [])
            self.assertIn("rank error", result.stderr)


class SigtermTest(unittest.TestCase):
    def test_sigterm_becomes_an_error_event(self):
        import signal

        code = ("import sys, time; sys.path.insert(0, %r)\n"
                "import fte.cli, fte.jobspec\n"
                "fte.jobspec.load_job = lambda p: (print('ready', file=sys.stderr, flush=True), time.sleep(30))\n"
                "sys.exit(fte.cli.main(['--job', 'x', '--run-dir', %r]))\n")
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.Popen([sys.executable, "-c", code % (os.path.dirname(FINETUNE), tmp)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            self.assertEqual(proc.stderr.readline().strip(), "ready")  # the handler is installed by now
            proc.send_signal(signal.SIGTERM)
            out, err = proc.communicate(timeout=20)
            self.assertEqual(proc.returncode, 143, err)
            (error,) = events(out)
            self.assertEqual(error["message"], "Stopped (SIGTERM).")
            self.assertIn("resume", error["hint"])
