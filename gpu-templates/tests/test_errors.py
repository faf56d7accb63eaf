import unittest

from fte.errors import (ConfigError, MissingColumnError, MissingPackageError, classify, error_fields,
                        traceback_tail)

from .helpers import schema_errors


class _Response:
    def __init__(self, code):
        self.status_code = code


def http_error(name, code, message="HTTP error"):
    cls = type(name, (Exception,), {})
    exc = cls(message)
    exc.response = _Response(code)
    return exc


def raised(exc):
    try:
        raise exc
    except BaseException as caught:  # noqa: BLE001
        return caught


class ClassifyTest(unittest.TestCase):
    def test_cuda_oom_by_name_and_message(self):
        oom = type("OutOfMemoryError", (RuntimeError,), {})("CUDA out of memory. Tried to allocate 2.00 GiB")
        category, message, hint = classify(oom, "training")
        self.assertEqual(category, "out_of_memory")
        self.assertIn("batch_size", hint)
        self.assertIn("CachedMultipleNegativesRankingLoss", hint)
        self.assertEqual(classify(RuntimeError("CUDA out of memory."))[0], "out_of_memory")

    def test_hub_auth_and_not_found(self):
        self.assertEqual(classify(http_error("GatedRepoError", 401), "loading_model")[0], "auth")
        self.assertEqual(classify(http_error("HfHubHTTPError", 403), "preparing_data")[0], "auth")
        category, message, hint = classify(http_error("RepositoryNotFoundError", 404, "404 Client Error"), "loading_model")
        self.assertEqual(category, "config")
        self.assertIn("model", message)
        self.assertIn("typos", hint)
        self.assertEqual(classify(http_error("DatasetNotFoundError", None), "preparing_data")[0], "dataset")

    def test_network(self):
        exc = type("ConnectionError", (OSError,), {})("Max retries exceeded with url: /api/models")
        self.assertEqual(classify(exc, "loading_model")[0], "network")

    def test_missing_package_names_it_and_how_to_install(self):
        category, message, hint = classify(raised(ModuleNotFoundError("No module named 'datasets'", name="datasets")))
        self.assertEqual(category, "environment")
        self.assertIn("'datasets'", message)
        self.assertIn("pip install", hint)
        err = MissingPackageError(["sentence_transformers", "accelerate"])
        self.assertIn("sentence-transformers[train]", err.message)
        self.assertIn('pip install "sentence-transformers[train]" "accelerate"', err.hint)

    def test_own_errors_keep_category_even_when_wrapped(self):
        inner = MissingColumnError(["q"], ["a", "b"])
        try:
            try:
                raise inner
            except MissingColumnError as exc:
                raise RuntimeError("while mapping") from exc
        except RuntimeError as outer:
            self.assertEqual(classify(outer)[0], "dataset")

    def test_unknown_is_internal_with_traceback(self):
        exc = raised(ZeroDivisionError("division by zero"))
        fields = error_fields(exc, "training")
        self.assertEqual(fields["category"], "internal")
        self.assertTrue(fields["traceback_tail"])
        self.assertEqual(fields["traceback_tail"][-1], "ZeroDivisionError: division by zero")

    def test_error_fields_fit_the_schema(self):
        for exc in (raised(ConfigError("bad")), raised(ValueError("x")), MissingPackageError("torch")):
            event = {"v": 1, "run_id": "r", "seq": 1, "ts": "2026-01-01T00:00:00.000Z", "type": "error",
                     **error_fields(exc, None)}
            self.assertEqual(schema_errors(event), [])

    def test_traceback_tail_is_bounded(self):
        def deep(n):
            return deep(n - 1) if n else 1 / 0
        exc = raised_call(deep, 50)
        self.assertEqual(len(traceback_tail(exc, lines=5)), 5)
        self.assertEqual(traceback_tail(exc)[-1], "ZeroDivisionError: division by zero")


def raised_call(fn, *args):
    try:
        fn(*args)
    except BaseException as exc:  # noqa: BLE001
        return exc
    raise AssertionError("did not raise")
