"""The golden streams are the emitter's output and valid under events.schema.json."""
import glob
import importlib.util
import os
import unittest

from fte.events import MARKER, parse_line

from .helpers import TEMPLATES, schema_errors

GOLDEN = os.path.join(TEMPLATES, "golden")


def load_generator():
    spec = importlib.util.spec_from_file_location("golden_generate", os.path.join(GOLDEN, "generate.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class GoldenTest(unittest.TestCase):
    def test_files_are_up_to_date(self):
        for name, text in load_generator().generate().items():
            with open(os.path.join(GOLDEN, name), encoding="utf-8") as fh:
                self.assertEqual(fh.read(), text, f"{name} is stale: run python3 gpu-templates/golden/generate.py")

    def test_every_event_validates_and_seq_increases(self):
        files = sorted(glob.glob(os.path.join(GOLDEN, "*.jsonl")))
        self.assertEqual(len(files), 5)
        for path in files:
            with open(path, encoding="utf-8") as fh:
                lines = fh.read().splitlines()
            parsed = [parse_line(line) for line in lines]
            found = [e for e in parsed if e is not None]
            self.assertTrue(any(e is None for e in parsed), f"{path} has no library noise lines")
            self.assertEqual([e["seq"] for e in found], list(range(1, len(found) + 1)), path)
            for event in found:
                self.assertEqual(schema_errors(event), [], f"{path} seq {event['seq']}")

    def test_stream_shapes(self):
        def types(name):
            with open(os.path.join(GOLDEN, name), encoding="utf-8") as fh:
                return [e["type"] for e in map(parse_line, fh.read().splitlines()) if e]
        self.assertEqual(types("completed.jsonl")[-1], "completed")
        self.assertEqual(types("failed-oom.jsonl")[-1], "error")
        self.assertIn("warning", types("collapse-warning.jsonl"))
        self.assertEqual(types("resumed.jsonl").count("run_started"), 2)

    def test_schema_rejects_what_it_should(self):
        good = {"v": 1, "run_id": "r", "seq": 1, "ts": "2026-01-01T00:00:00.000Z", "type": "checkpoint",
                "step": 5, "path": "/p"}
        self.assertEqual(schema_errors(good), [])
        for bad in ({**good, "v": 2}, {**good, "seq": 0}, {**good, "extra": 1}, {**good, "type": "nope"},
                    {k: v for k, v in good.items() if k != "path"}, {**good, "step": float("nan")},
                    {**good, "ts": "yesterday"}):
            self.assertNotEqual(schema_errors(bad), [], bad)
        self.assertTrue(MARKER.endswith(" "))
