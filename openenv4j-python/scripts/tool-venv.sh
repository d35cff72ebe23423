#!/usr/bin/env bash
# Create (idempotently) a venv holding pinned build tools, for build-wheel.sh (hatchling) and test-wheel.sh (uv).
#
#   tool-venv.sh <dir> <requirement>...
#
# Installs the requirements from PyPI with pip (pip's cache keeps downloads in ~/.cache/pip) and writes
# <dir>/.openenv4j-ready with them; when that marker already matches, returns at once without the network.
# The interpreter is python3 (override with $PYTHON), 3.10 or newer.
set -euo pipefail
die() { echo "tool-venv: ERROR: $*" >&2; exit 1; }
[ $# -ge 2 ] || die "usage: $(basename "$0") <dir> <requirement>..."
VENV=$1; shift
EXPECTED=$(printf '%s\n' "$@")
if [ -x "$VENV/bin/python" ] && [ "$(cat "$VENV/.openenv4j-ready" 2>/dev/null)" = "$EXPECTED" ]; then exit 0; fi
PYTHON=${PYTHON:-python3}
command -v "$PYTHON" >/dev/null 2>&1 || die "'$PYTHON' not found; Python >= 3.10 is required (set \$PYTHON)"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' \
  || die "$("$PYTHON" --version 2>&1) is too old; Python >= 3.10 is required (set \$PYTHON)"
rm -rf "$VENV"
"$PYTHON" -m venv "$VENV" || die "'$PYTHON -m venv' failed (Debian/Ubuntu: apt-get install python3-venv)"
"$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --quiet "$@" || die "pip install $* failed"
printf '%s\n' "$EXPECTED" > "$VENV/.openenv4j-ready"
