"""Doctor check: every text role, across every pair of the splits training will really use
(train, validation, test), for texts on both sides. Pair tasks compare text1 and text2 as one
pool (a text may be text1 in one row and text2 in another); documents (positive, negative) may
rightly recur for other queries, so their overlap is information, not a warning."""
from __future__ import annotations

from ..findings import finding, plural, rows_text, share, verb

SPLITS = ("train", "validation", "test")
DOCUMENT_ROLES = ("positive", "negative")


def _pools(cols) -> list[tuple[str, list[str]]]:
    """(what to call it, the target columns pooled) per text role."""
    texts = [c for c in cols if c.role not in ("label", "score")]
    roles = {c.role: c.target for c in texts}
    if "text1" in roles and "text2" in roles:
        return [("text", [roles["text1"], roles["text2"]])]
    return [(c.role, [c.target]) for c in texts]


def overlap_findings(job, cols, splits: dict[str, dict]) -> list[dict]:
    out = []
    names = [n for n in SPLITS if n in splits]
    for role, targets in _pools(cols):
        for i, a in enumerate(names):
            seen = {t for col in targets for t in splits[a][col]}
            for b in names[i + 1:]:
                side = splits[b]
                rows = sorted({r for col in targets for r, t in zip(side["ids"], side[col]) if t in seen})
                if not rows:
                    continue
                doc = role in DOCUMENT_ROLES
                n = len(side["ids"])
                message = (f"{plural(len(rows), f'{b} row')} ({share(len(rows), n)} of the {b} split) "
                           f"{verb(len(rows), 'has', 'have')} a {role} that is also in the {a} split ({rows_text(rows)}). ")
                if doc:
                    message += "A document relevant to several queries may rightly recur; every document is in the corpus anyway."
                else:
                    message += (f"The {b} score then includes {role}s the model has seen, and overstates how well it generalises. "
                                + ("dataset.split_by overrides the default grouping; remove it to keep every text on one side."
                                   if job.dataset.get("split_by") else
                                   "The default split keeps texts on one side; these come from dataset.eval, so remove them there."))
                out.append(finding("leakage-text", "info" if doc else "warning", message,
                                   ["dataset", "eval" if b == "test" and job.dataset.get("eval") else "test_size"],
                                   rows=rows))
    return out
