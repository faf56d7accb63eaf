#!/usr/bin/env python3
"""Fine-tune Embeddings hyperparameter sweep: `python3 sweep.py --job JOB.json --run-dir DIR`.

See `--help` (and `sweep.py serve-storage --help` for the parallel-workers coordinator). The
logic lives in the `fte` package beside this file; optuna and the ML libraries are imported
only once the sweep starts, so `--help` and error reporting work anywhere.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fte.sweep.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
