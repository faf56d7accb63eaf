"""Converts the public evaluation sets in ../shared/benchmarks (read in place, never copied into
the repository) into the jsonl files the benchmark's configs name, in a scratch folder.
  MSRP: label 1 = paraphrase (duplicate-classification), train split -> train, test split -> test.
  SICK: relatedness 1..5 scaled to 0..1 (semantic-similarity)."""
import csv
import json
import os
import sys


def rows_tsv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def write(path, rows):
    with open(path, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return len(rows)


def main(src, out):
    os.makedirs(out, exist_ok=True)
    counts = {}
    for split in ("train", "test"):
        msrp = [{"s1": r["#1 String"], "s2": r["#2 String"], "label": int(r["Quality"])} for r in rows_tsv(os.path.join(src, f"msrp-{split}.tsv"))]
        counts[f"msrp-{split}"] = write(os.path.join(out, f"msrp-{split}.jsonl"), msrp)
        sick = [{"s1": r["sentence_A"], "s2": r["sentence_B"], "score": (float(r["relatedness_score"]) - 1) / 4} for r in rows_tsv(os.path.join(src, f"sick-{split}.txt"))]
        counts[f"sick-{split}"] = write(os.path.join(out, f"sick-{split}.jsonl"), sick)
    print(json.dumps(counts))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
