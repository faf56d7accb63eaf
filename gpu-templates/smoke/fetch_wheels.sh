#!/usr/bin/env bash
# Downloads, here, the wheels the GPU machine's image lacks (or has at other versions than
# requirements.txt pins), for its Python 3.12 on x86-64, into .whl/ at the repository root
# (ignored by git). The device tool carries the folder; the proof installs it with
#   python3 -m pip install -q --no-index --no-deps --target /tmp/site .whl/*.whl && export PYTHONPATH=/tmp/site
# Torch, tokenizers, accelerate, pyarrow, pandas, grpcio and protobuf come from the image.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="$ROOT/.whl"
rm -rf "$DEST"
mkdir -p "$DEST"
grep -qx '/.whl/' "$ROOT/.git/info/exclude" 2>/dev/null || echo '/.whl/' >>"$ROOT/.git/info/exclude"
pin() { sed -n "s/^$1\(\[[^]]*\]\)\{0,1\}==\([^ ]*\).*/\2/p" "$ROOT/gpu-templates/requirements.txt"; }
PKGS=(
  "sentence-transformers==$(pin sentence-transformers)" "transformers==$(pin transformers)"
  "datasets==$(pin datasets)" "optuna==$(pin optuna)"
  # what those need beyond the image (pip show there lists the rest as present)
  dill==0.4.1 multiprocess==0.70.19 alembic sqlalchemy colorlog mako greenlet huggingface-hub
)
python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
  --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
  --platform manylinux_2_24_x86_64 --platform manylinux1_x86_64 -d "$DEST" "${PKGS[@]}"
ls -la "$DEST"
