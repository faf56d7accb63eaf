import unittest

from fte.columns import check_columns, is_empty_text, ordered_columns, rename_plan, text_targets, value_target
from fte.errors import ConfigError, DatasetError, MissingColumnError
from fte.jobspec import Column
from fte.sampling import logging_steps, sample_count, split_counts, total_steps


class ColumnsTest(unittest.TestCase):
    def test_texts_first_in_job_order_then_label(self):
        cols = [Column("label", "is_dup", "label"), Column("text1", "q1", "text1"), Column("text2", "q2", "text2")]
        ordered = ordered_columns(cols)
        self.assertEqual([c.target for c in ordered], ["text1", "text2", "label"])
        self.assertEqual(text_targets(ordered), ["text1", "text2"])
        self.assertEqual(value_target(ordered), "label")

    def test_missing_column_lists_what_the_dataset_has(self):
        cols = [Column("anchor", "query", "anchor"), Column("positive", "answer", "positive")]
        with self.assertRaises(MissingColumnError) as cm:
            check_columns(["question", "answer", "id"], cols)
        self.assertEqual(cm.exception.category, "dataset")
        self.assertIn("'query'", cm.exception.message)
        self.assertIn("'question', 'answer', 'id'", cm.exception.message)

    def test_rename_plan_survives_swapped_names(self):
        cols = [Column("anchor", "positive", "anchor"), Column("positive", "anchor", "positive")]
        first, second = rename_plan(cols)
        names = {"positive": "P", "anchor": "A"}
        renamed = {first[k]: v for k, v in names.items()}
        final = {second[k]: v for k, v in renamed.items()}
        self.assertEqual(final, {"anchor": "P", "positive": "A"})

    def test_rejects_two_value_columns_and_duplicate_targets(self):
        with self.assertRaises(ConfigError):
            ordered_columns([Column("text1", "a", "text1"), Column("label", "l", "label"), Column("score", "s", "score")])
        with self.assertRaises(ConfigError):
            ordered_columns([Column("text1", "a", "x"), Column("text2", "b", "x")])

    def test_empty_text(self):
        self.assertTrue(is_empty_text(None))
        self.assertTrue(is_empty_text("  \n"))
        self.assertFalse(is_empty_text("a"))


class SamplingTest(unittest.TestCase):
    def test_sample_fraction_count_and_all(self):
        self.assertEqual(sample_count(404290, None), 404290)
        self.assertEqual(sample_count(404290, 0.01), 4042)
        self.assertEqual(sample_count(1000, 1), 1000)
        self.assertEqual(sample_count(1000, 1.0), 1000)
        self.assertEqual(sample_count(1000, 250), 250)
        self.assertEqual(sample_count(100, 250), 100)
        self.assertEqual(sample_count(10, 0.01), 1)

    def test_sample_rejects_nonsense(self):
        for bad in (0, -1, 2.5, True, "10"):
            with self.subTest(bad=bad), self.assertRaises(ConfigError):
                sample_count(100, bad)

    def test_split_matches_datasets_arithmetic(self):
        self.assertEqual(split_counts(4042, 0.1), (3637, 405))
        self.assertEqual(split_counts(10, 0.25), (7, 3))
        with self.assertRaises(DatasetError):
            split_counts(1, 0.1)

    def test_total_and_logging_steps(self):
        self.assertEqual(total_steps(3637, 16, 10), 2280)
        self.assertEqual(total_steps(3637, 16, 10, world_size=4), 570)
        self.assertEqual(total_steps(3637, 16, 1, grad_accum=4), 57)
        self.assertEqual(logging_steps(2280, 100), 4)
        self.assertEqual(logging_steps(50, 10), 1)
        self.assertEqual(logging_steps(100000, 100), 100)


class EmptyTextMask(unittest.TestCase):
    """keep_usable drops rows by empty_text_mask: it must agree with is_empty_text value for value."""

    def test_agrees_with_is_empty_text_on_whitespace_of_every_kind(self):
        import pyarrow as pa

        from fte.columns import empty_text_mask, is_empty_text

        values = [None, "", " ", "\t\n", "\x1c", "\u00a0", "\u3000 ", "\u200b", " a", "a ", "x", "\u00a0b", "  \n z"]
        chunked = pa.chunked_array([pa.array(values[:5]), pa.array(values[5:])])
        self.assertEqual(empty_text_mask(chunked).tolist(), [is_empty_text(v) for v in values])
        self.assertEqual(empty_text_mask(pa.array(values, type=pa.large_string())).tolist(), [is_empty_text(v) for v in values])
        self.assertEqual(empty_text_mask(pa.array([1, None, 0])).tolist(), [False, True, False])
