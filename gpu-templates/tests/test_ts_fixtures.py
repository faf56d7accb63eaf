"""The reverse direction: events the TypeScript side writes (test/unit/events/tsEvents.ts,
serialised by test/unit/events/fixtures.test.ts) are accepted by the Python side."""
import os
import unittest

from fte.events import parse_line

from .helpers import FIXTURES, schema_errors

TS_EVENTS = os.path.join(FIXTURES, "ts-events.txt")


class TsFixturesTest(unittest.TestCase):
    def test_every_ts_event_parses_and_validates(self):
        with open(TS_EVENTS, encoding="utf-8") as fh:
            lines = fh.read().splitlines()
        found = [parse_line(line) for line in lines]
        events = [e for e in found if e is not None]
        self.assertGreaterEqual(len({e["type"] for e in events}), 15)
        for event in events:
            self.assertEqual(schema_errors(event), [], event)
