"""The quickstart's training written as a user would with sentence-transformers alone: the same
data, three splits (test by anchor, validation from the rest), loss, evaluators (validation
chooses, test scored before and after, the whole corpus searched) and training arguments as the
product's run, no product code. The product also bootstraps an interval; that is not timed here.
Usage: bare_trainer.py MODEL_PATH DATA.jsonl OUT_DIR. Prints one JSON object (metrics)."""
import json
import math
import random
import sys
import time

t0 = time.time()
from datasets import load_dataset  # noqa: E402
from sentence_transformers import (SentenceTransformer, SentenceTransformerTrainer,  # noqa: E402
                                   SentenceTransformerTrainingArguments)
from sentence_transformers.sentence_transformer.evaluation import InformationRetrievalEvaluator  # noqa: E402
from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss  # noqa: E402

model_path, data_path, out_dir = sys.argv[1:4]
data = load_dataset("json", data_files=data_path, split="train").select_columns(["question", "runbook"])
data = data.rename_columns({"question": "anchor", "runbook": "positive"})


def hold_out(rows, fraction, seed=42, cap=None):
    """Whole anchors held out (no question on both sides), shuffled with `seed`, as the product splits."""
    n = math.ceil(len(rows) * fraction) if cap is None else min(math.ceil(len(rows) * fraction), cap)
    groups = {}
    for i, a in enumerate(rows["anchor"]):
        groups.setdefault(a, []).append(i)
    order = list(groups)
    random.Random(seed).shuffle(order)
    held = []
    for a in order:
        if len(held) >= n:
            break
        held += groups[a]
    keep = sorted(set(range(len(rows))) - set(held))
    return rows.select(keep), rows.select(sorted(held))


rest, test = hold_out(data, 0.15)          # test: scored twice, base model and chosen model
train, validation = hold_out(rest, 0.1, cap=2000)  # validation: chooses the checkpoint


def ir(split):
    """Queries from `split`, corpus = every runbook of every split (what a user searches)."""
    queries, corpus, relevant, qid, did = {}, {}, {}, {}, {}
    for q, d in zip(split["anchor"], split["positive"]):
        qid.setdefault(q, f"q{len(qid)}")
        did.setdefault(d, f"d{len(did)}")
        queries[qid[q]], corpus[did[d]] = q, d
        relevant.setdefault(qid[q], set()).add(did[d])
    for part in (train, validation, test):
        for d in part["positive"]:
            did.setdefault(d, f"d{len(did)}")
            corpus[did[d]] = d
    return InformationRetrievalEvaluator(queries, corpus, relevant, name="dev", batch_size=32)


evaluator, test_evaluator = ir(validation), ir(test)

model = SentenceTransformer(model_path)
model.max_seq_length = 64
evaluator(model)
baseline = test_evaluator(model)["dev_cosine_ndcg@10"]
args = SentenceTransformerTrainingArguments(
    output_dir=f"{out_dir}/checkpoints", num_train_epochs=2, per_device_train_batch_size=32,
    per_device_eval_batch_size=32, learning_rate=1e-4, warmup_steps=0.1, weight_decay=0.01, seed=42,
    batch_sampler="no_duplicates", eval_strategy="steps", eval_steps=10, save_strategy="steps", save_steps=10,
    save_total_limit=2, load_best_model_at_end=True, metric_for_best_model="eval_dev_cosine_ndcg@10",
    greater_is_better=True, logging_steps=1, report_to="none", disable_tqdm=True)
trainer = SentenceTransformerTrainer(model=model, args=args, train_dataset=train, eval_dataset=validation,
                                     loss=MultipleNegativesRankingLoss(model), evaluator=evaluator)
trainer.train()
evaluator(model)  # the chosen model on validation, as the product does for a sweep's choice
final = test_evaluator(model)["dev_cosine_ndcg@10"]
model.save_pretrained(f"{out_dir}/model")
print(json.dumps({"baseline": baseline, "final": final, "seconds": time.time() - t0}))
