"""Fine-tune Embeddings GPU template package.

Pure-logic modules here import only the standard library; anything touching torch,
transformers, sentence-transformers or datasets lives in modules imported lazily
(training.py and its helpers), so `--help`, the tests and the error path work anywhere.
"""
