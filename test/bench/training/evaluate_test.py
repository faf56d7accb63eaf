"""Scores a base model and a fine-tuned one on a held-out TEST file with the evaluator the task
uses (the product trained on the train file only). Prints one JSON object."""
import json
import sys

sys.path.insert(0, sys.argv[1])  # gpu-templates, for the packaged-model resolution
from fte.models import resolve_model  # noqa: E402
from sentence_transformers import SentenceTransformer  # noqa: E402
from sentence_transformers.sentence_transformer.evaluation import (  # noqa: E402
    BinaryClassificationEvaluator, EmbeddingSimilarityEvaluator)


def main(templates, task, test_file, base, tuned):
    rows = [json.loads(line) for line in open(test_file, encoding="utf-8")]
    s1, s2 = [r["s1"] for r in rows], [r["s2"] for r in rows]
    out = {"rows": len(rows)}
    for name, path in (("base", resolve_model(base)), ("fine_tuned", tuned)):
        model = SentenceTransformer(path)
        if task == "duplicate-classification":
            ev = BinaryClassificationEvaluator(s1, s2, [r["label"] for r in rows], name="test")
            m = ev(model)
            out[name] = {"accuracy": m["test_cosine_accuracy"], "ap": m["test_cosine_ap"]}
        else:
            ev = EmbeddingSimilarityEvaluator(s1, s2, [r["score"] for r in rows], name="test")
            out[name] = {"spearman": ev(model)["test_spearman_cosine"]}
    print(json.dumps(out))


if __name__ == "__main__":
    main(*sys.argv[1:6])
