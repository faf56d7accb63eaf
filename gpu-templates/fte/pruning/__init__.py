"""Fair pruning: sweep trials compared at equal training samples seen, not equal optimizer steps."""
