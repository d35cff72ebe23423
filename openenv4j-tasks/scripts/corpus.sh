#!/usr/bin/env bash
# Builds (idempotently) the corpus of the Parquet/CSV/JSON Lines corpus test: the venv first
# (scripts/corpus-venv.sh), then scripts/make-corpus.py into <out-dir>. The corpus is rebuilt only when the
# script or the pinned requirements changed (<out-dir>/.openenv4j-corpus holds their checksum).
#
#   corpus.sh <venv-dir> <out-dir>
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $(basename "$0") <venv-dir> <out-dir>" >&2; exit 2; }
VENV_DIR=$1
OUT_DIR=$2
SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bash "$SCRIPT_DIR/corpus-venv.sh" "$VENV_DIR"
SUM=$(cat "$SCRIPT_DIR/make-corpus.py" "$SCRIPT_DIR/../src/test/python/corpus-requirements.txt" | sha256sum | cut -d' ' -f1)
MARKER="$OUT_DIR/.openenv4j-corpus"
if [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$SUM" ]; then
    echo "corpus: $OUT_DIR is up to date"
    exit 0
fi
rm -rf "$OUT_DIR"
mkdir -p "$OUT_DIR"
"$VENV_DIR/bin/python" "$SCRIPT_DIR/make-corpus.py" "$OUT_DIR"
echo "$SUM" > "$MARKER"
