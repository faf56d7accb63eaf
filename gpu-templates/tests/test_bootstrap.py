"""The paired bootstrap: its 95% intervals hold a known gain about 95% of the time, pairing
narrows them, and the verdict reads the interval."""
import unittest

import numpy as np

from fte.evaluation.bootstrap import mean_of, paired_interval, verdict


class PairedBootstrap(unittest.TestCase):
    def test_the_interval_holds_the_true_gain_at_its_level(self):
        rng = np.random.default_rng(3)
        true_gain, held, trials = 0.05, 0, 200
        for t in range(trials):
            skill = rng.uniform(0, 1, 150)  # per-query difficulty, shared by both models (the pairing)
            base = np.clip(skill + rng.normal(0, 0.1, 150), 0, None)
            tuned = base + true_gain + rng.normal(0, 0.15, 150)
            lo, hi = paired_interval(150, mean_of(base), mean_of(tuned), seed=t, resamples=400)
            held += lo <= true_gain <= hi
        self.assertGreaterEqual(held / trials, 0.9)
        self.assertLessEqual(held / trials, 0.99)

    def test_pairing_makes_the_interval_narrower_than_the_spread_of_either_model(self):
        rng = np.random.default_rng(0)
        skill = rng.uniform(0, 1, 300)
        base, tuned = skill, skill + 0.02 + rng.normal(0, 0.01, 300)
        lo, hi = paired_interval(300, mean_of(base), mean_of(tuned))
        self.assertLess(hi - lo, 0.01)  # unpaired, the per-query spread (~0.29) would swamp a 0.02 gain
        self.assertGreater(lo, 0)

    def test_verdicts(self):
        self.assertEqual(verdict((0.01, 0.2)), "better")
        self.assertEqual(verdict((-0.2, -0.01)), "worse")
        self.assertEqual(verdict((-0.01, 0.2)), "no clear change")
        self.assertEqual(verdict((-0.2, -0.01), greater_is_better=False), "better")
        self.assertIsNone(verdict(None))
        self.assertIsNone(paired_interval(1, mean_of([1.0]), mean_of([2.0])))


if __name__ == "__main__":
    unittest.main()
