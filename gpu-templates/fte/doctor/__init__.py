"""The data doctor: findings on a dataset before a GPU minute is spent (diagnose.py runs the steps
training runs; one module per family of checks)."""
