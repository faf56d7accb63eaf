"""GPU memory: long-context sequence caps and out-of-memory advice that keeps in-batch negatives."""
