#!/usr/bin/env python3
"""Export a fine-tuned model to ONNX and check it against PyTorch on the run's held-out texts.

  python3 export_onnx.py --job JOB.json --model MODEL_DIR --out DIR [--run-dir RUN_DIR]

Writes DIR/model.onnx (inputs input_ids, attention_mask[, token_type_ids]; output
sentence_embedding), the tokenizer files and DIR/export.json; the same record is the last
stdout line. Progress goes to stderr as `[fte] ...` lines.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

RECORD = "export.json"


def parse(argv):
    from fte.toolio import run_parser

    p = run_parser("export_onnx.py", __doc__)
    p.add_argument("--out", required=True, help="folder for model.onnx and the tokenizer")
    p.add_argument("--parity-texts", type=int, default=256)
    return p.parse_args(argv)


def body(args) -> dict:
    from fte.toolio import load_heldout, open_run

    job = open_run(args)
    from fte.heldout import parity_texts
    from fte.loading.options import load_kwargs
    from fte.onnx_export import export, parity

    # A model with custom code loads only as the run's config allowed (model.trust_remote_code).
    trust = load_kwargs(job, os.path.abspath(args.model)).get("trust_remote_code", False)
    info, model = export(os.path.abspath(args.model), os.path.abspath(args.out), trust_remote_code=trust)
    texts = parity_texts(load_heldout(job), args.parity_texts)
    record = {"format": "onnx", "model": os.path.abspath(args.model), "out": os.path.abspath(args.out), **info,
              "parity": parity(model, info["onnx_file"], texts)}
    with open(os.path.join(args.out, RECORD), "w", encoding="utf-8") as fh:
        json.dump(record, fh, indent=2)
    return record


def main(argv=None) -> int:
    args = parse(sys.argv[1:] if argv is None else argv)
    from fte.toolio import run_tool

    return run_tool(lambda: body(args))


if __name__ == "__main__":
    sys.exit(main())
