#!/usr/bin/env bash
# Create (idempotently) the Python venv with the Parquet writers of the corpus test (pyarrow, fastparquet,
# polars, duckdb) and datasets + pydantic, which tell what a Python user sees.
#
#   corpus-venv.sh <dir>
#
# Creates a venv at <dir> with `python3 -m venv` (override the interpreter with $PYTHON) and installs
# src/test/python/corpus-requirements.txt from PyPI. On success it writes <dir>/.openenv4j-ready holding the
# pinned requirements; when that marker already matches, the script returns at once without the network.
set -euo pipefail

die() { echo "corpus-venv: ERROR: $*" >&2; exit 1; }

[ $# -eq 1 ] && [ -n "$1" ] || die "usage: $(basename "$0") <venv-dir>"
VENV_DIR=$1

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REQUIREMENTS="$SCRIPT_DIR/../src/test/python/corpus-requirements.txt"
[ -f "$REQUIREMENTS" ] || die "requirements file not found: $REQUIREMENTS"
MARKER="$VENV_DIR/.openenv4j-ready"

# The pinned requirement lines (comments and blank lines stripped).
PINS=$(sed -e 's/#.*$//' -e 's/[[:space:]]*$//' -e '/^$/d' "$REQUIREMENTS")
EXPECTED=$(printf '%s\n' "$PINS")

if [ -f "$MARKER" ] && [ -x "$VENV_DIR/bin/python" ] && [ "$(cat "$MARKER")" = "$EXPECTED" ]; then
    echo "corpus-venv: $VENV_DIR is up to date"
    exit 0
fi

PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 \
    || die "'$PYTHON' not found on PATH; Python >= 3.10 is required for the corpus test (set \$PYTHON to choose an interpreter)"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
    || die "$("$PYTHON" --version 2>&1) is too old; Python >= 3.10 is required (set \$PYTHON to choose an interpreter)"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
    || die "'$PYTHON -m venv' is not usable (missing venv/ensurepip module; on Debian/Ubuntu install python3-venv)"

if [ -e "$VENV_DIR" ] && [ ! -f "$VENV_DIR/pyvenv.cfg" ] && [ -n "$(ls -A "$VENV_DIR" 2>/dev/null)" ]; then
    die "$VENV_DIR exists, is not empty and is not a venv; refusing to touch it"
fi

rm -f "$MARKER"
if [ ! -x "$VENV_DIR/bin/python" ]; then
    echo "corpus-venv: creating venv in $VENV_DIR with $("$PYTHON" --version 2>&1)"
    "$PYTHON" -m venv "$VENV_DIR" || die "'$PYTHON -m venv $VENV_DIR' failed"
fi

echo "corpus-venv: installing $(echo $PINS) into $VENV_DIR"
"$VENV_DIR/bin/python" -m pip install --disable-pip-version-check --no-input --quiet -r "$REQUIREMENTS" \
    || die "pip install -r $REQUIREMENTS failed"

"$VENV_DIR/bin/python" -c 'import pyarrow, fastparquet, polars, duckdb, datasets, pydantic' \
    || die "installed packages do not import cleanly"

printf '%s\n' "$PINS" > "$MARKER.tmp" && mv "$MARKER.tmp" "$MARKER"
echo "corpus-venv: ready"
