"""Doctor checks on sizes: rows for the batch, the held-out split and in-batch negatives; and
where hard-negative mining would help."""
from __future__ import annotations

import math

from ..findings import edit, finding, fix, plural

MIN_EVAL = 20
MIN_NEGATIVES = 8  # in-batch negatives per example below which a ranking loss learns little


def _pow2_at_most(n: int) -> int:
    return 2 ** max(1, int(math.log2(max(2, n))))


def size_findings(job, n_train: int, n_eval: int, distinct: dict[str, int]) -> list[dict]:
    tr = job.training
    batch = int(tr["batch_size"])
    at_batch = ["training", "batch_size"]
    out = []
    if n_train < batch:
        better = _pow2_at_most(n_train // 4)
        out.append(finding("batch-larger-than-data", "warning",
                           f"The training split has {n_train} rows but batch_size is {batch}: each epoch is a single "
                           f"partial batch, {plural(math.ceil(float(tr['epochs'])), 'optimizer step')} in all. Lower "
                           f"batch_size to {better} (or add rows) so the model gets enough updates.",
                           at_batch, fix=fix(f"Set batch_size to {better}", edit(at_batch, better))))
    if job.loss.get("family") == "mnrl":
        usable = min([batch, n_train, *distinct.values()])
        if usable - 1 < MIN_NEGATIVES and usable < batch:
            limit = min(distinct.items(), key=lambda kv: kv[1])
            why = (f"only {n_train} training rows" if n_train <= limit[1]
                   else f"only {limit[1]} distinct {limit[0]} texts (the no_duplicates sampler never puts one text twice in a batch)")
            out.append(finding("few-in-batch-negatives", "warning",
                               f"{job.loss['name']} contrasts each example with the other examples of its batch, and "
                               f"{why} leave at most {usable - 1} negatives per example, below the {MIN_NEGATIVES} it "
                               "needs to learn much. Add rows, or mine hard negatives (training.hard_negatives).",
                               at_batch))
    if 0 < n_eval < MIN_EVAL:
        total = n_train + n_eval
        wanted = math.ceil(100 * MIN_EVAL / total) / 100 if total else 1
        better = fix(f"Set test_size to {wanted:g}", edit(["dataset", "test_size"], wanted)) if wanted <= 0.3 else None
        out.append(finding("small-eval-split", "warning",
                           f"The held-out split has only {n_eval} rows: one row more or less right moves the "
                           f"evaluator's metrics by about {100 / n_eval:.0f} points, so differences between runs are "
                           f"mostly noise. Hold out at least {MIN_EVAL} rows"
                           + (f" (test_size: {wanted:g})." if better else "; this dataset needs more rows for that."),
                           ["dataset", "test_size"], fix=better))
    return out


def mining_suggestion(job, cols) -> list[dict]:
    """Information retrieval pairs with only in-batch negatives: offer training.hard_negatives."""
    roles = {c.role for c in cols}
    if (job.task != "information-retrieval" or "negative" in roles or job.training.get("hard_negatives")
            or job.loss.get("family") != "mnrl"):
        return []
    return [finding("hard-negatives-suggested", "info",
                    "These (query, passage) pairs give the model only in-batch negatives: random other passages, "
                    "mostly easy to tell apart. Mining a hard negative per query with the base model (a passage it "
                    "ranks high that is not the answer) teaches finer distinctions. Add training.hard_negatives.",
                    ["training"], fix=fix("Mine one hard negative per query (training.hard_negatives)",
                                          edit(["training", "hard_negatives"], {"count": 1, "relative_margin": 0.05})))]
