"""Writes N synthetic duplicate-classification pairs as jsonl (text1, text2, label), for the
data-at-size bench: texts of ~8-14 words, ~1/4 of text2s reuse an earlier row's text (so the
connected-component split has real components to join), ~0.5% exact duplicate rows.
Usage: python generate_pairs.py N OUT.jsonl   (fixed seed: the same N gives the same file)"""
import json
import random
import sys

WORDS = [f"w{i}" for i in range(5000)]


def main() -> None:
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(1234)
    recent: list[str] = []
    with open(out, "w", encoding="utf-8") as fh:
        last = None
        for i in range(n):
            if last is not None and rng.random() < 0.005:
                fh.write(last)
                continue
            t1 = f"q{i} " + " ".join(rng.choices(WORDS, k=rng.randint(8, 14)))
            if recent and rng.random() < 0.25:
                t2 = recent[rng.randrange(len(recent))]
            else:
                t2 = f"d{i} " + " ".join(rng.choices(WORDS, k=rng.randint(8, 14)))
            recent.append(t2)
            if len(recent) > 1000:
                recent.pop(0)
            last = json.dumps({"text1": t1, "text2": t2, "label": int(rng.random() < 0.5)}) + "\n"
            fh.write(last)


if __name__ == "__main__":
    main()
