"""How a run is scored: the whole retrieval corpus (corpus), the evaluator's own metric keys
(keys), per-item scores (items), the test set scored twice with the gain's interval (scoring,
bootstrap) and the forgetting-check sets (also)."""
