#!/usr/bin/env python3
"""Fine-tune Embeddings GPU template: `python3 finetune.py --job JOB.json --run-dir DIR`.

See `--help`. The logic lives in the `fte` package beside this file; ML libraries are
imported only once training starts, so `--help` and error reporting work anywhere.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fte.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(script=os.path.abspath(__file__)))
