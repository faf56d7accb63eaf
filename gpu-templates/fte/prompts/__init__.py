"""Prompts (instruction prefixes such as "query: " / "passage: "): which ones a run uses, and
applying them to the model, the trainer's columns, mining and Try it alike."""
