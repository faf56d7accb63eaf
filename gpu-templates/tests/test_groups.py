"""The default grouping: connected components over both text columns, anchors for retrieval."""
import unittest

import random

import pyarrow as pa

from fte.groups import codes, components, components_of_codes
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


def reference_grouped_indices(keys, n_eval, seed):
    """The split as first written (a dict of row lists per key): grouped_indices must match it."""
    groups: dict = {}
    for i, key in enumerate(keys):
        groups.setdefault(key, []).append(i)
    order = list(groups)
    random.Random(seed).shuffle(order)
    held, skipped = [], []
    for key in order:
        if len(held) >= n_eval:
            break
        if len(groups[key]) > 2 * max(1, n_eval - len(held)):
            skipped.append(key)
            continue
        held.extend(groups[key])
    for key in skipped:
        if len(held) >= n_eval:
            break
        held.extend(groups[key])
    eval_set = set(held)
    return [i for i in range(len(keys)) if i not in eval_set], sorted(held)


def split_or_error(keys, n_eval, seed):
    from fte.errors import DatasetError
    try:
        return grouped_indices(keys, n_eval, seed)
    except DatasetError:
        return "cannot split"


class SplitAtSize(unittest.TestCase):
    def test_grouped_indices_match_the_dict_of_lists_split_for_int_and_text_keys(self):
        rng = random.Random(11)
        for trial in range(40):
            n = rng.randint(2, 500)
            ints = [rng.randrange(max(2, n // rng.randint(1, 5))) for _ in range(n)]
            texts = [f"k{v}" for v in ints]
            n_eval = rng.randint(1, max(1, n // 3))
            try:
                expected = reference_grouped_indices(ints, n_eval, trial)
            except Exception:  # noqa: BLE001
                continue
            if len(expected[1]) >= n:
                continue  # the error case, below
            self.assertEqual(grouped_indices(ints, n_eval, trial), expected, f"trial {trial}")
            self.assertEqual(grouped_indices(texts, n_eval, trial), expected, f"trial {trial}")

    def test_one_group_cannot_be_split(self):
        from fte.errors import DatasetError
        with self.assertRaises(DatasetError):
            grouped_indices([7] * 10, 2, seed=0)


class ArrowCodes(unittest.TestCase):
    """The grouping at size runs on integer codes; it must split exactly as the texts would."""

    def test_codes_number_values_by_first_appearance_across_arrays_and_chunks(self):
        a = pa.chunked_array([pa.array(["x", "y"]), pa.array(["x", "z"])])
        b = pa.chunked_array([pa.array(["z", "w", "y"])])
        first, second = codes(a, b)
        self.assertEqual(first.tolist(), [0, 1, 0, 2])
        self.assertEqual(second.tolist(), [2, 3, 1])
        self.assertIsNone(codes(pa.array(["x", None])))  # nulls: the caller keeps the values
        self.assertIsNone(codes(pa.array(["x"]), pa.array([1])))  # two types: likewise

    def test_components_of_codes_equal_the_reference_on_random_graphs(self):
        rng = random.Random(7)
        for trial in range(30):
            n, vocab = rng.randint(1, 400), rng.randint(2, 300)
            first = [f"t{rng.randrange(vocab)}" for _ in range(n)]
            second = [f"t{rng.randrange(vocab)}" for _ in range(n)]
            a, b = codes(pa.array(first), pa.array(second))
            self.assertEqual(components_of_codes(a, b), components(first, second), f"trial {trial}")
            # grouped_indices sees the same partition in the same order: the same split
            self.assertEqual(split_or_error(components_of_codes(a, b), max(1, n // 10), trial),
                             split_or_error(components(first, second), max(1, n // 10), trial))

    def test_anchor_codes_split_as_the_anchor_texts_do(self):
        rng = random.Random(3)
        anchors = [f"q{rng.randrange(60)}" for _ in range(300)]
        (c,) = codes(pa.array(anchors))
        self.assertEqual(grouped_indices(c.tolist(), 30, seed=5), grouped_indices(anchors, 30, seed=5))


if __name__ == "__main__":
    unittest.main()
