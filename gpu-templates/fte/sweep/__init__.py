"""Hyperparameter sweeps: the CLI, the study storage, the trial loop and the final test score."""
