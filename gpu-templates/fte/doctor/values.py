"""Doctor checks on what columns hold: the role each column is mapped to, labels, scores."""
from __future__ import annotations

import math

from ..findings import edit, finding, fix, plural, rows_text, share
from ..values import as_float, is_binary, label_key

POSITIVE = {"yes", "y", "true", "t", "duplicate", "dup", "same", "similar", "match", "matching", "paraphrase",
            "positive", "pos", "entailment", "related", "relevant", "correct"}
NEGATIVE = {"no", "n", "false", "f", "not_duplicate", "not duplicate", "different", "dissimilar", "mismatch",
            "no_match", "not_paraphrase", "negative", "neg", "contradiction", "unrelated", "irrelevant", "incorrect"}
IMBALANCE = 0.10


def _numeric(value: object) -> bool:
    return as_float(value) is not None


def _free_text(values: list) -> bool:
    """Many distinct or long strings: a text column, not labels."""
    strings = [v for v in values if isinstance(v, str) and v.strip() and not _numeric(v)]
    if len(strings) < max(1, len(values) // 2):
        return False
    distinct = {s.strip().lower() for s in strings}
    mean_len = sum(len(s) for s in strings) / len(strings)
    return len(distinct) > 20 or mean_len > 25


def _example(values: list, pred) -> str:
    seen = []
    for v in values:
        if pred(v) and repr(v) not in seen:
            seen.append(repr(v))
        if len(seen) == 3:
            break
    return ", ".join(seen)


def role_findings(cols, data: dict, ids: list[int], sources: dict, other_columns: dict) -> list[dict]:
    """Numbers where text is expected, free text where a label or score is. `other_columns`:
    unmapped column -> sample values, to suggest the column that probably holds the texts."""
    out = []
    value_col = next((c for c in cols if c.role in ("label", "score")), None)
    value_is_text = value_col is not None and _free_text(data[value_col.target])
    for c in cols:
        values = [v for v in data[c.target] if v is not None and v != ""]
        if not values:
            continue
        at = ["dataset", "columns", c.role]
        if c.role in ("label", "score"):
            if value_is_text:
                swap = next((t for t in cols if t.role not in ("label", "score")
                             and sum(_numeric(v) for v in data[t.target]) >= 0.8 * len(data[t.target])), None)
                out.append(finding(f"text-in-{c.role}", "error",
                                   f'Column "{c.source}" is mapped to {c.role}, but it holds free text '
                                   f'(e.g. {_example(values, lambda v: isinstance(v, str))}), not {c.role}s. '
                                   f"Map {c.role} to the column with the {c.role}s.", at,
                                   fix=_swap_fix(c, swap) if swap else None))
            continue
        numbers = [v for v in values if _numeric(v)]
        if len(numbers) >= 0.8 * len(values):
            candidates = [name for name, sample in other_columns.items() if _free_text(sample)]
            swap = value_col if value_is_text else None
            suggestion = _swap_fix(c, swap) if swap else (
                fix(f'Map {c.role} to "{candidates[0]}"', edit(at, candidates[0])) if candidates else None)
            out.append(finding("numbers-in-text", "error",
                               f'Column "{c.source}" is mapped to {c.role}, a text role, but '
                               f"{share(len(numbers), len(values))} of its values are numbers "
                               f"(e.g. {_example(values, _numeric)}). The model would embed digits, not your texts"
                               + (f'; "{candidates[0]}" looks like the text column.' if candidates else "."),
                               at, fix=suggestion))
    return out


def _swap_fix(a, b) -> dict:
    return fix(f'Swap the columns of {a.role} and {b.role}',
               edit(["dataset", "columns", a.role], b.source), edit(["dataset", "columns", b.role], a.source))


def _label_map_guess(values: list) -> dict | None:
    """{"yes": 1, "no": 0} for two label values we can tell apart, else None."""
    keys = sorted({label_key(v) for v in values})
    if len(keys) != 2:
        return None
    pos = [k for k in keys if k in POSITIVE]
    neg = [k for k in keys if k in NEGATIVE]
    if len(pos) == 1 and len(neg) <= 1:
        return {pos[0]: 1, next(k for k in keys if k != pos[0]): 0}
    if len(neg) == 1 and not pos:
        return {next(k for k in keys if k != neg[0]): 1, neg[0]: 0}
    nums = [as_float(k) for k in keys]
    if all(n is not None for n in nums):  # e.g. -1/1 or 1/2: the larger one means "same"
        lo, hi = (keys if nums[0] < nums[1] else keys[::-1])
        return {hi: 1, lo: 0}
    return None


def label_findings(job, labels: list, ids: list[int], eval_labels: list | None, source: str) -> list[dict]:
    at = ["dataset", "columns", "label"]
    bad = [(i, v) for i, v in zip(ids, labels) if v is not None and not is_binary(v)]
    if bad:
        values = [v for _, v in bad]
        rows = [i for i, _ in bad]
        distinct = sorted({label_key(v) for v in labels if v is not None})
        guess = _label_map_guess([v for v in labels if v is not None])
        shown = ", ".join(f'"{k}"' for k in distinct[:6]) + (" ..." if len(distinct) > 6 else "")
        fixed = fix("Map " + " and ".join(f'"{k}" to {v}' for k, v in guess.items()) + " (dataset.label_map)",
                    edit(["dataset", "label_map"], guess)) if guess else None
        if job.dataset.get("label_map"):
            return [finding("label-map-incomplete", "error",
                            f"dataset.label_map does not cover the labels in {rows_text(rows)} "
                            f"(e.g. {_example(values, lambda v: True)}). Add each value to label_map as 0 or 1.",
                            ["dataset", "label_map"], rows=rows)]
        strings = all(isinstance(v, str) and not _numeric(v) for v in values)
        code = "label-strings" if strings else "label-not-binary"
        what = "words" if strings else "numbers other than 0 and 1"
        hint = (f"Map them with dataset.label_map: {_yaml_map(guess)}." if guess
                else "Map each value to 0 (different) or 1 (same) with dataset.label_map"
                + (", or use the semantic-similarity task if they are graded scores." if not strings else "."))
        return [finding(code, "error",
                        f'{job.task} needs labels 0 (different) and 1 (same); column "{source}" holds {what}: '
                        f"{shown} ({plural(len(rows), 'row')}: {rows_text(rows)}). {hint}", at, rows=rows, fix=fixed)]
    return _class_balance(labels, eval_labels, at, source)


def _yaml_map(mapping: dict) -> str:
    return "{ " + ", ".join(f'"{k}": {v}' for k, v in mapping.items()) + " }"


def _class_balance(labels: list, eval_labels: list | None, at: list, source: str) -> list[dict]:
    values = [int(v) for v in labels if v is not None]
    if not values:
        return []
    ones = sum(values)
    if ones in (0, len(values)):
        only = values[0]
        return [finding("single-class", "error",
                        f'Every label in column "{source}" is {only} ({len(values)} rows): the model sees no '
                        f"{'different' if only else 'matching'} pairs to contrast, and the evaluator's average "
                        "precision and accuracy mean nothing with one class. Add pairs labelled "
                        f"{1 - only}.", at)]
    minority = min(ones, len(values) - ones)
    if minority / len(values) >= IMBALANCE:
        return []
    label = 1 if ones < len(values) - ones else 0
    held = ""
    if eval_labels:
        held_min = sum(1 for v in eval_labels if v is not None and int(v) == label)
        held = f" The held-out split has {held_min} of them among {len(eval_labels)} rows, so its average precision rests on {plural(held_min, 'pair')}."
    return [finding("label-imbalance", "warning",
                    f"Only {share(minority, len(values))} of the labels are {label} ({minority} of {len(values)} rows). "
                    f"A model that always answers {1 - label} scores {share(len(values) - minority, len(values))} "
                    f"cosine_accuracy, so judge runs by cosine_ap (threshold-free), not accuracy or F1.{held} "
                    f"Collect more pairs labelled {label} if you can.", at)]


def score_findings(job, scores: list, ids: list[int], source: str) -> list[dict]:
    at = ["dataset", "columns", "score"]
    floats = [(i, as_float(v)) for i, v in zip(ids, scores) if v is not None]
    bad = [i for i, x in floats if x is None]
    if bad:
        return [finding("text-in-score", "error",
                        f'Column "{source}" is mapped to score but {rows_text(bad)} hold values that are not numbers '
                        f"(e.g. {_example(scores, lambda v: v is not None and not _numeric(v))}).", at, rows=bad)]
    values = [x for _, x in floats]
    if not values:
        return []
    low, high = min(values), max(values)
    if low >= 0 and high <= 1:
        return []
    outside = [i for i, x in floats if x < 0 or x > 1]
    lo, hi = math.floor(low), math.ceil(high)
    severe = job.loss.get("name") == "CosineSimilarityLoss"
    effect = ("CosineSimilarityLoss regresses the cosine onto the score, which cannot exceed 1: training stops with an error."
              if severe else f"{job.loss.get('name')} only uses the order of the scores, but cosine similarities live in "
              "0..1 and other losses and tools expect scores there.")
    return [finding("score-out-of-range", "error" if severe else "warning",
                    f'Scores in column "{source}" range from {low:g} to {high:g}, outside 0..1 '
                    f"({plural(len(outside), 'row')}: {rows_text(outside)}). {effect} Normalise them with "
                    f"dataset.score_range: [{lo}, {hi}].",
                    at, rows=outside, fix=fix(f"Normalise scores from [{lo}, {hi}] to 0..1 (dataset.score_range)",
                                               edit(["dataset", "score_range"], [lo, hi])))]
