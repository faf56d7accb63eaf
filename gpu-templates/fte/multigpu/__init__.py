"""Several training processes (torchrun): shared in-batch negatives, and work done once on rank 0."""
