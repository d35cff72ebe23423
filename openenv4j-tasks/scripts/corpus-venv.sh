#!/usr/bin/env bash
# The venv of the corpus test: pyarrow, fastparquet, polars, duckdb, datasets and pydantic, pinned in
# src/test/python/corpus-requirements.txt and installed from PyPI. Idempotent: <dir>/.openenv4j-ready holds
# the pins of the last successful install, and a venv whose marker matches is left alone (no network).
#
#   corpus-venv.sh <dir>        ($PYTHON chooses the interpreter, default python3 >= 3.10)
set -euo pipefail
fail() { echo "corpus-venv: ERROR: $*" >&2; exit 1; }
[ $# -eq 1 ] || fail "usage: $(basename "$0") <venv-dir>"
venv=$1
pins_file="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/src/test/python/corpus-requirements.txt"
pins=$(grep -v '^[[:space:]]*#' "$pins_file" | sed '/^[[:space:]]*$/d')
if [ -x "$venv/bin/python" ] && [ "$(cat "$venv/.openenv4j-ready" 2>/dev/null)" = "$pins" ]; then
    echo "corpus-venv: $venv is up to date"
    exit 0
fi
python=${PYTHON:-python3}
"$python" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 10))' 2>/dev/null \
    || fail "$python must be Python >= 3.10 with the venv module (Debian: apt-get install python3-venv)"
rm -f "$venv/.openenv4j-ready"
[ -x "$venv/bin/python" ] || "$python" -m venv "$venv" || fail "cannot create a venv in $venv"
echo "corpus-venv: installing $(echo $pins) into $venv"
"$venv/bin/python" -m pip install --disable-pip-version-check --no-input --quiet -r "$pins_file" \
    || fail "pip install -r $pins_file failed"
"$venv/bin/python" -c 'import pyarrow, fastparquet, polars, duckdb, datasets, pydantic' \
    || fail "the installed packages do not import"
printf '%s\n' "$pins" > "$venv/.openenv4j-ready"
echo "corpus-venv: ready"
