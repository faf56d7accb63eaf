import io
import json
import math
import os
import tempfile
import unittest

from fte.events import MARKER, PROTOCOL_VERSION, Emitter, encode, last_seq, parse_line, sanitize

from .helpers import schema_errors


class FakeScalar:
    """Stands in for a numpy/torch scalar: only .item()."""

    def __init__(self, value):
        self.value = value

    def item(self):
        return self.value


class EmitterTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.run_dir = os.path.join(self.tmp.name, "run-1")

    def tearDown(self):
        self.tmp.cleanup()

    def test_line_format_and_file_mirror(self):
        out = io.StringIO()
        em = Emitter("run-1", self.run_dir, stream=out)
        em.emit("phase", phase="training", total_steps=10)
        em.emit("warning", code="x", message="m", hint=None)
        lines = out.getvalue().splitlines()
        self.assertEqual(len(lines), 2)
        self.assertTrue(all(line.startswith(MARKER) for line in lines))
        with open(os.path.join(self.run_dir, "events.jsonl"), encoding="utf-8") as fh:
            stored = fh.read().splitlines()
        self.assertEqual(stored, [line[len(MARKER):] for line in lines])
        first = json.loads(stored[0])
        self.assertEqual((first["v"], first["run_id"], first["seq"], first["type"]), (PROTOCOL_VERSION, "run-1", 1, "phase"))
        self.assertRegex(first["ts"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        self.assertEqual(json.loads(stored[1])["seq"], 2)
        for line in stored:
            self.assertEqual(schema_errors(json.loads(line)), [])

    def test_nan_and_infinity_become_null(self):
        out = io.StringIO()
        em = Emitter("r", None, stream=out)
        em.emit("eval", step=1, epoch=FakeScalar(0.5), primary_metric="k", primary_value=float("nan"),
                metrics={"k": float("nan"), "a": float("inf"), "b": -math.inf, "c": FakeScalar(0.25)})
        text = out.getvalue()
        self.assertNotIn("NaN", text)
        self.assertNotIn("Infinity", text)
        event = parse_line(text.rstrip("\n"))
        self.assertEqual(event["metrics"], {"k": None, "a": None, "b": None, "c": 0.25})
        self.assertEqual(event["epoch"], 0.5)
        self.assertIsNone(event["primary_value"])
        self.assertEqual(schema_errors(event), [])

    def test_sanitize_leaves_json_types_alone(self):
        self.assertEqual(sanitize({"a": [1, True, None, "s", 1.5]}), {"a": [1, True, None, "s", 1.5]})
        self.assertEqual(json.loads(encode({"x": (1, 2)})), {"x": [1, 2]})

    def test_resume_continues_seq_and_ignores_a_torn_line(self):
        em = Emitter("run-1", self.run_dir, stream=io.StringIO())
        for _ in range(3):
            em.emit("phase", phase="training")
        with open(em.path, "a", encoding="utf-8") as fh:
            fh.write('{"v":1,"seq":4,"ty')  # a crash mid-write
        self.assertEqual(last_seq(em.path), 3)
        again = Emitter("run-1", self.run_dir, stream=io.StringIO())
        self.assertEqual(again.emit("phase", phase="training")["seq"], 4)

    def test_disabled_emitter_is_silent(self):
        out = io.StringIO()
        em = Emitter("r", self.run_dir, stream=out, enabled=False)
        self.assertIsNone(em.emit("phase", phase="training"))
        self.assertEqual(out.getvalue(), "")
        self.assertFalse(os.path.exists(os.path.join(self.run_dir, "events.jsonl")))

    def test_parse_line(self):
        self.assertIsNone(parse_line("Loading checkpoint shards: 100%"))
        self.assertEqual(parse_line("noise\r" + MARKER + '{"a":1}'), {"a": 1})
        with self.assertRaises(ValueError):
            parse_line(MARKER + "[1]")
