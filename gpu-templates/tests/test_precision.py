"""Precision by compute capability: a T4 (7.5) reports bf16 support but would emulate it, so auto
picks fp16 there and an explicit bf16 is a clear error; Ampere and later get bf16 and TF32."""
import unittest

from fte.errors import ConfigError
from fte.hardware.precision import choose


class PrecisionByHardware(unittest.TestCase):
    def test_auto_on_a_t4_is_fp16_without_tf32(self):
        p = choose("auto", (7, 5), "Tesla T4")
        self.assertEqual((p.name, p.tf32), ("fp16", False))
        self.assertEqual(p.training_args(), {"fp16": True})
        self.assertEqual(p.capability_text, "7.5")

    def test_auto_on_ampere_and_hopper_is_bf16_with_tf32(self):
        for cap in ((8, 0), (8, 6), (8, 9), (9, 0)):
            p = choose("auto", cap)
            self.assertEqual(p.training_args(), {"bf16": True, "tf32": True}, cap)

    def test_bf16_asked_for_on_a_t4_names_the_field_the_gpu_and_the_fix(self):
        with self.assertRaises(ConfigError) as ctx:
            choose("bf16", (7, 5), "Tesla T4")
        self.assertIn("training.precision", str(ctx.exception))
        self.assertIn("Tesla T4 is 7.5", str(ctx.exception))
        self.assertIn("fp16", ctx.exception.hint)

    def test_a_cpu_trains_in_fp32_and_refuses_a_cuda_only_precision(self):
        self.assertEqual(choose("auto", None).training_args(), {})
        with self.assertRaises(ConfigError):
            choose("fp16", None)

    def test_fp32_and_fp16_are_kept_when_asked_for(self):
        self.assertEqual(choose("fp32", (8, 0)).training_args(), {"tf32": True})
        self.assertEqual(choose("fp16", (9, 0)).training_args(), {"fp16": True, "tf32": True})


if __name__ == "__main__":
    unittest.main()
