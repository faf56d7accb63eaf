"""The default grouping: connected components over both text columns, anchors for retrieval."""
import unittest

from fte.groups import components
from fte.split import grouped_indices


class Components(unittest.TestCase):
    def test_rows_sharing_a_text_in_either_column_are_one_component(self):
        keys = components(["a", "b", "x", "d", "q"], ["b", "c", "y", "c", "q"])
        self.assertEqual(keys[0], keys[1])  # a-b, b-c
        self.assertEqual(keys[1], keys[3])  # d-c: c as text2 joins d's row
        self.assertNotEqual(keys[0], keys[2])
        self.assertEqual(len({keys[2], keys[4], keys[0]}), 3)

    def test_a_giant_component_is_passed_over_while_small_groups_fill_the_split(self):
        keys = ["giant"] * 50 + [f"s{i}" for i in range(50)]
        train, held = grouped_indices(keys, 10, seed=0)
        self.assertEqual(len(held), 10)
        self.assertTrue(all(i >= 50 for i in held))


if __name__ == "__main__":
    unittest.main()
