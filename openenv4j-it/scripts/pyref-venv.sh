#!/usr/bin/env bash
# Create (idempotently) the Python venv with the OpenEnv reference implementation
# used by the interop tests.
#
#   pyref-venv.sh <dir> [<requirements-file>]
#
# Creates a venv at <dir> with `python3 -m venv` (override the interpreter with
# $PYTHON) and installs a requirements file from PyPI: by default src/test/python/requirements.txt
# (openenv-core==0.3.0 + websockets, gymnasium==1.4.0 for the parity test, huggingface_hub==2.4.0 for the
# Hub cache interop test); the build also runs it with src/test/python/requirements-openenv.txt (the newest
# reference, `openenv`, pinned there) into a second venv. On success it writes
# <dir>/.openenv4j-ready containing the pinned requirements; when that marker
# already matches, the script returns immediately without touching the network.
set -euo pipefail

die() { echo "pyref-venv: ERROR: $*" >&2; exit 1; }

[ $# -ge 1 ] && [ $# -le 2 ] && [ -n "$1" ] || die "usage: $(basename "$0") <venv-dir> [<requirements-file>]"
VENV_DIR=$1

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REQUIREMENTS=${2:-"$SCRIPT_DIR/../src/test/python/requirements.txt"}
[ -f "$REQUIREMENTS" ] || die "requirements file not found: $REQUIREMENTS"
MARKER="$VENV_DIR/.openenv4j-ready"

# The pinned requirement lines (comments and blank lines stripped).
PINS=$(sed -e 's/#.*$//' -e 's/[[:space:]]*$//' -e '/^$/d' "$REQUIREMENTS")
EXPECTED=$(printf '%s\n' "$PINS")

if [ -f "$MARKER" ] && [ -x "$VENV_DIR/bin/python" ] && [ "$(cat "$MARKER")" = "$EXPECTED" ]; then
    echo "pyref-venv: $VENV_DIR is up to date"
    exit 0
fi

PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 \
    || die "'$PYTHON' not found on PATH; Python >= 3.10 is required for the interop tests (set \$PYTHON to choose an interpreter)"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
    || die "$("$PYTHON" --version 2>&1) is too old; Python >= 3.10 is required (set \$PYTHON to choose an interpreter)"
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null \
    || die "'$PYTHON -m venv' is not usable (missing venv/ensurepip module; on Debian/Ubuntu install python3-venv)"

if [ -e "$VENV_DIR" ] && [ ! -f "$VENV_DIR/pyvenv.cfg" ] && [ -n "$(ls -A "$VENV_DIR" 2>/dev/null)" ]; then
    die "$VENV_DIR exists, is not empty and is not a venv; refusing to touch it"
fi

rm -f "$MARKER"
if [ ! -x "$VENV_DIR/bin/python" ]; then
    echo "pyref-venv: creating venv in $VENV_DIR with $("$PYTHON" --version 2>&1)"
    "$PYTHON" -m venv "$VENV_DIR" || die "'$PYTHON -m venv $VENV_DIR' failed"
fi

echo "pyref-venv: installing $(echo $PINS) into $VENV_DIR"
"$VENV_DIR/bin/python" -m pip install --disable-pip-version-check --no-input --quiet -r "$REQUIREMENTS" \
    || die "pip install -r $REQUIREMENTS failed"

# What every reference venv needs; gymnasium only where the requirements ask for it. A venv without the
# reference (requirements-vector.txt: websockets alone, for openenv4j.vector) only needs websockets.
if grep -q '^openenv' <<< "$PINS"; then
    IMPORTS="openenv.core.env_server, openenv.core.mcp_client, websockets, uvicorn, fastmcp, httpx, huggingface_hub"
else
    IMPORTS="websockets"
fi
if grep -q '^gymnasium' <<< "$PINS"; then IMPORTS="$IMPORTS, gymnasium, numpy"; fi
"$VENV_DIR/bin/python" -c "import $IMPORTS" || die "installed packages do not import cleanly"

printf '%s\n' "$PINS" > "$MARKER.tmp" && mv "$MARKER.tmp" "$MARKER"
echo "pyref-venv: ready ($("$VENV_DIR/bin/python" -m pip show openenv-core openenv 2>/dev/null | sed -n 's/^Name: //p;s/^Version: //p' | paste -sd' '))"
