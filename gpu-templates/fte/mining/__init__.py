"""Guards around hard-negative mining: a rank floor and a margin by default, a false-negative
warning from the score gap, and a bounded similarity matrix on large corpora."""
