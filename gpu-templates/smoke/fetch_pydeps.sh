#!/usr/bin/env bash
# Fills .pydeps/ (repo root, ignored by git) with the pure-Python packages the GPU machine
# lacks for the smoke run: datasets, dill and multiprocess. Sources, in order:
#   1. git mirrors of their public repositories (DATASETS_GIT, DILL_GIT, MULTIPROCESS_GIT:
#      bare git dirs; defaults are where this workplace's fetch tool puts them), at pinned tags;
#   2. Debian packages (apt-get download + dpkg -x, never installed) for dill/multiprocess.
# Debian has no python3-datasets, so datasets needs its mirror. pyarrow, pandas, xxhash,
# fsspec and huggingface_hub are already on the GPU image.
# Usage: bash gpu-templates/smoke/fetch_pydeps.sh [PYVER]   (PYVER: the GPU's python, default 3.12)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DEST="$ROOT/.pydeps"
PYVER="${1:-3.12}"
DATASETS_TAG="${DATASETS_TAG:-5.0.1}"
DILL_TAG="${DILL_TAG:-0.4.1}"               # datasets pins dill<0.4.2
MULTIPROCESS_TAG="${MULTIPROCESS_TAG:-0.70.19}"  # and multiprocess<0.70.20
MIRRORS="${MIRRORS:-/work/.mirror}"
DATASETS_GIT="${DATASETS_GIT:-$MIRRORS/huggingface+datasets/repo}"
DILL_GIT="${DILL_GIT:-$MIRRORS/uqfoundation+dill/repo}"
MULTIPROCESS_GIT="${MULTIPROCESS_GIT:-$MIRRORS/uqfoundation+multiprocess/repo}"

rm -rf "$DEST"
mkdir -p "$DEST"

# importlib.metadata must find a version, or transformers' is_datasets_available() says no.
dist_info() { # name version
  local d="$DEST/$1-$2.dist-info"
  mkdir -p "$d"
  printf 'Metadata-Version: 2.1\nName: %s\nVersion: %s\n' "$1" "$2" >"$d/METADATA"
  printf 'fetch_pydeps.sh\n' >"$d/INSTALLER"
  : >"$d/RECORD"
}

from_git() { # git-dir tag path-in-repo strip-components
  git --git-dir="$1" archive --format=tar "$2" "$3" | tar -x -C "$DEST" --strip-components="$4"
}

if [ -d "$DATASETS_GIT" ]; then
  from_git "$DATASETS_GIT" "$DATASETS_TAG" src/datasets 1
  dist_info datasets "$DATASETS_TAG"
else
  echo "fetch_pydeps: no datasets mirror at $DATASETS_GIT (Debian has no python3-datasets)." >&2
  echo "  Put a git clone of huggingface/datasets there, or set DATASETS_GIT." >&2
  exit 1
fi

if [ -d "$DILL_GIT" ] && [ -d "$MULTIPROCESS_GIT" ]; then
  from_git "$DILL_GIT" "$DILL_TAG" dill 0
  dist_info dill "$DILL_TAG"
  from_git "$MULTIPROCESS_GIT" "$MULTIPROCESS_TAG" "py$PYVER/multiprocess" 1
  from_git "$MULTIPROCESS_GIT" "$MULTIPROCESS_TAG" "py$PYVER/_multiprocess" 1
  dist_info multiprocess "$MULTIPROCESS_TAG"
else
  echo "fetch_pydeps: no dill/multiprocess mirrors; taking Debian's (older, may not suit Python $PYVER)." >&2
  tmp="$(mktemp -d)"
  (cd "$tmp" && apt-get download python3-dill python3-multiprocess >/dev/null)
  for deb in "$tmp"/*.deb; do dpkg -x "$deb" "$tmp/x"; done
  cp -r "$tmp"/x/usr/lib/python3/dist-packages/. "$DEST/"
  rm -rf "$tmp"
fi

# dill and multiprocess generate __info__.py at build time; write the minimal one they import.
for pkg in dill:$DILL_TAG multiprocess:$MULTIPROCESS_TAG; do
  name="${pkg%%:*}"; ver="${pkg#*:}"
  if [ -d "$DEST/$name" ] && [ ! -f "$DEST/$name/__info__.py" ]; then
    printf '__version__ = %s\n__author__ = "Mike McKerns"\n__license__ = "BSD-3-Clause"\n__doc__ = ""\n' "'$ver'" >"$DEST/$name/__info__.py"
  fi
done

# The GPU image's python must not byte-compile into the carried folder from another version.
find "$DEST" -name '__pycache__' -prune -exec rm -rf {} +
echo "fetch_pydeps: $(du -sh "$DEST" | cut -f1) in $DEST:"
ls "$DEST"
