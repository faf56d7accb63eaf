"""Loading a base model: revision, remote code (opt-in only), attention kernel, Router routes."""
